namespace G4F.Backend.Storage;

/// <summary>
/// A private temporary folder of the <see cref="ScratchSpace"/> (one upload's): the files in it are named by their
/// consumer, as plain names only, and disposing deletes the folder with whatever is left in it (never throws).
/// </summary>
internal sealed class ScratchFolder : IDisposable
{
    internal ScratchFolder(string path) => Path = path;

    /// <summary>The absolute path of the folder.</summary>
    public string Path { get; }

    /// <summary>
    /// The path of the file <paramref name="name"/> in this folder. Throws <see cref="ArgumentException"/> for anything
    /// but a plain name (a separator, <c>.</c>, <c>..</c>, a character no file name may hold): nothing leaves the folder.
    /// </summary>
    public string PathOf(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (name is "." or ".." || name.AsSpan().IndexOfAny(System.IO.Path.GetInvalidFileNameChars()) >= 0
            || name.Contains(System.IO.Path.DirectorySeparatorChar) || name.Contains(System.IO.Path.AltDirectorySeparatorChar))
        {
            throw new ArgumentException("A scratch file's name must be a plain file name.", nameof(name));
        }

        var path = System.IO.Path.GetFullPath(System.IO.Path.Join(Path, name));
        return System.IO.Path.GetDirectoryName(path) == System.IO.Path.TrimEndingDirectorySeparator(Path)
            ? path
            : throw new ArgumentException("A scratch file's name must stay in its folder.", nameof(name));
    }

    /// <summary>Deletes the folder and what it holds; never throws.</summary>
    public void Dispose() => TryDelete(Path);

    /// <summary>Deletes the folder at <paramref name="path"/> with its content; never throws.</summary>
    internal static void TryDelete(string path)
    {
        try
        {
            Directory.Delete(path, recursive: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Already gone, or a file is still held open (an abandoned conversion): the next start removes it.
        }
    }
}
