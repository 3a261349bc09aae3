namespace G4F.Backend.WebClient;

/// <summary>The answer of <see cref="WebClientFiles.FindAsync"/>.</summary>
/// <param name="Status">Whether the file was found.</param>
/// <param name="PhysicalPath">The absolute path of a file found in the local folder (<c>G4F:Gui:Path</c>), else null.</param>
public readonly record struct WebClientFile(WebClientFileStatus Status, string? PhysicalPath)
{
    /// <summary>The bytes of a fetched file (one kept in the cache store) when <see cref="Status"/> is <see cref="WebClientFileStatus.Found"/> and <see cref="PhysicalPath"/> is null.</summary>
    public ReadOnlyMemory<byte> Content { get; init; }

    /// <summary>When a fetched file was fetched from its source (its <c>Last-Modified</c>); null for a local file.</summary>
    public DateTimeOffset? FetchedAt { get; init; }

    internal static WebClientFile NotFound => new(WebClientFileStatus.NotFound, null);

    internal static WebClientFile Unavailable => new(WebClientFileStatus.Unavailable, null);

    internal static WebClientFile Busy => new(WebClientFileStatus.Busy, null);

    internal static WebClientFile At(string path) => new(WebClientFileStatus.Found, path);

    internal static WebClientFile Of(WebClientCopy copy) => new(WebClientFileStatus.Found, null) { Content = copy.Content, FetchedAt = copy.FetchedAt };
}
