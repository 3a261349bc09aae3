namespace G4F.Backend.WebClient;

/// <summary>The answer of <see cref="WebClientFiles.FindAsync"/>.</summary>
/// <param name="Status">Whether the file was found.</param>
/// <param name="PhysicalPath">The file's absolute path when <paramref name="Status"/> is <see cref="WebClientFileStatus.Found"/>, else null.</param>
public readonly record struct WebClientFile(WebClientFileStatus Status, string? PhysicalPath)
{
    internal static WebClientFile NotFound => new(WebClientFileStatus.NotFound, null);

    internal static WebClientFile Unavailable => new(WebClientFileStatus.Unavailable, null);

    internal static WebClientFile At(string path) => new(WebClientFileStatus.Found, path);
}
