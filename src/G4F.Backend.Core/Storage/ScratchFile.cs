namespace G4F.Backend.Storage;

/// <summary>
/// One temporary file of the <see cref="ScratchSpace"/>: a unique name under the staging root, deleted when disposed
/// (whatever happened; never throws, as it runs in a <c>finally</c> whose own failure must not hide the answer).
/// </summary>
internal sealed class ScratchFile : IDisposable
{
    private const int BufferSize = 81920;

    internal ScratchFile(string path) => Path = path;

    /// <summary>The absolute path, for readers that take a path (decoders, converters).</summary>
    public string Path { get; }

    /// <summary>The length of the file, 0 when it was not written.</summary>
    public long Length => new FileInfo(Path) is { Exists: true } file ? file.Length : 0;

    /// <summary>Whether the file was written.</summary>
    public bool Exists => File.Exists(Path);

    /// <summary>Creates the file (never an existing one), for <paramref name="access"/> by this handle only.</summary>
    public FileStream Create(FileAccess access = FileAccess.ReadWrite) =>
        new(Path, FileMode.CreateNew, access, FileShare.None, BufferSize, FileOptions.Asynchronous);

    /// <summary>Opens the written file for reading.</summary>
    public FileStream OpenRead() =>
        new(Path, FileMode.Open, FileAccess.Read, FileShare.Read, BufferSize, FileOptions.Asynchronous);

    /// <summary>Deletes the file; never throws.</summary>
    public void Dispose() => TryDelete(Path);

    /// <summary>Deletes the file at <paramref name="path"/>; never throws.</summary>
    internal static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // A leftover is invisible to every route and is swept by age.
        }
    }
}
