using Microsoft.Extensions.Options;

namespace G4F.Backend.Storage;

/// <summary>
/// The folders under <see cref="StorageOptions.DataDirectory"/>, and the one check every store makes
/// before touching a path: it must stay inside the data directory.
/// </summary>
/// <remarks>
/// Disposed with the service container (a clean stop), it removes the scratch folders that were left empty: with the
/// stores elsewhere (PostgreSQL) the data directory then holds nothing after the stop, and with the embedded stores only
/// what they keep.
/// </remarks>
internal sealed class DataPaths(IOptions<StorageOptions> options) : IDisposable
{
    // .staging/<upload>/<member>: deeper folders are not the backend's.
    private const int ScratchDepth = 3;

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

    /// <summary>
    /// Removes the folders left empty under <see cref="Staging"/>, then <see cref="Staging"/> and the data directory
    /// themselves when nothing is left in them. Never a file, never a folder that holds one, never a link: what a store
    /// keeps, and what another host on the same directory is still writing, stays.
    /// </summary>
    public void Dispose()
    {
        if (_root is null)
        {
            // Nothing asked for a path, so nothing was made.
            return;
        }

        RemoveEmpty(new DirectoryInfo(Path.Combine(_root, Staging)), ScratchDepth);
        RemoveEmpty(new DirectoryInfo(_root), 0);
    }

    private static void RemoveEmpty(DirectoryInfo folder, int depth)
    {
        try
        {
            if (!folder.Exists || folder.Attributes.HasFlag(FileAttributes.ReparsePoint))
            {
                return;
            }

            if (depth > 0)
            {
                foreach (var child in folder.GetDirectories())
                {
                    RemoveEmpty(child, depth - 1);
                }
            }

            if (!folder.EnumerateFileSystemInfos().Any())
            {
                folder.Delete(recursive: false);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Something was written meanwhile, or the folder is not ours to remove: it stays.
        }
    }
}
