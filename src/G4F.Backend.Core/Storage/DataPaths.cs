using Microsoft.Extensions.Options;

namespace G4F.Backend.Storage;

/// <summary>
/// The folders under <see cref="StorageOptions.DataDirectory"/>, and the one check every store makes
/// before touching a path: it must stay inside the data directory.
/// </summary>
internal sealed class DataPaths(IOptions<StorageOptions> options)
{
    /// <summary>The folder of buckets, one sub-folder per bucket id; a shared chat lives in the folder of its id (PROTOCOL 1.7).</summary>
    public const string Buckets = "buckets";

    /// <summary>The folder where uploads, downloads and spilled archive members wait until they are checked and moved into place.</summary>
    public const string Staging = ".staging";

    private string? _root;

    /// <summary>The paths under <paramref name="dataDirectory"/>, for code that runs without the service container.</summary>
    public static DataPaths Of(string dataDirectory) => new(Options.Create(new StorageOptions { DataDirectory = dataDirectory }));

    /// <summary>The absolute data directory (created on first use).</summary>
    public string Root => _root ??= Directory.CreateDirectory(Path.GetFullPath(options.Value.DataDirectory)).FullName;

    /// <summary>
    /// An absolute path under the data directory from already-sanitised segments. Throws when the result
    /// would leave it: sanitising is the first line of defence, this is the last.
    /// </summary>
    public string Combine(params ReadOnlySpan<string> segments)
    {
        var path = Path.GetFullPath(Path.Join(Root, Path.Join(segments)));
        var root = Path.TrimEndingDirectorySeparator(Root) + Path.DirectorySeparatorChar;
        if (!path.StartsWith(root, StringComparison.Ordinal))
        {
            throw new InvalidOperationException("A storage path left the data directory.");
        }

        return path;
    }

    /// <summary>Like <see cref="Combine"/>, and creates the folder.</summary>
    public string Folder(params ReadOnlySpan<string> segments) => Directory.CreateDirectory(Combine(segments)).FullName;
}
