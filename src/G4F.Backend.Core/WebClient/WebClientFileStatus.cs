namespace G4F.Backend.WebClient;

/// <summary>What a lookup of one web client file found.</summary>
public enum WebClientFileStatus
{
    /// <summary>The file is on disk at <see cref="WebClientFile.PhysicalPath"/>, or fetched and in <see cref="WebClientFile.Content"/>.</summary>
    Found,

    /// <summary>No such file (or a path that may not name one: <c>..</c>, hidden names, characters outside the safe set).</summary>
    NotFound,

    /// <summary>The file is not cached and could not be fetched (offline, fetching off, or the source failed).</summary>
    Unavailable,

    /// <summary>
    /// The file is not in memory and this instance is already loading <see cref="WebClientOptions.MaxPendingLoads"/>
    /// other files: try again shortly.
    /// </summary>
    Busy,
}
