namespace G4F.Backend.Storage;

/// <summary>
/// What the embedded file stores share: a name check before any path is made, opening a file as a <see cref="StoredBlob"/>,
/// and writing a stream so that readers see the old file or the new one, never half of it.
/// </summary>
internal static class FileBlobs
{
    private const int BufferSize = 81920;

    /// <summary>
    /// Refuses a name that is not a storable name (<see cref="StoredNames.IsValid"/>): no separator, no <c>..</c>, not hidden, not
    /// empty. Callers sanitise what clients send; a store refuses rather than silently renames, so a name never means two files.
    /// </summary>
    /// <exception cref="ArgumentException">The name is not confined.</exception>
    public static string Checked(string? name, string parameter) => StoredNames.ThrowIfInvalid(name, parameter);

    /// <summary>The file at <paramref name="path"/> opened for reading (a writer may replace or delete it meanwhile); null when there is none.</summary>
    public static StoredBlob? TryOpen(string path)
    {
        FileStream stream;
        try
        {
            stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, BufferSize, FileOptions.Asynchronous);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }

        try
        {
            // Length and time of the opened file itself, not of whatever may have replaced it by now.
            var written = File.GetLastWriteTimeUtc(stream.SafeFileHandle);
            return new StoredBlob(stream, stream.Length, new DateTimeOffset(written));
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }

    /// <summary>Length and time of the file at <paramref name="path"/>; null when there is none.</summary>
    public static (long Length, DateTimeOffset LastModified)? TryInfo(string path)
    {
        var info = new FileInfo(path);
        return info.Exists ? (info.Length, new DateTimeOffset(info.LastWriteTimeUtc)) : null;
    }

    /// <summary>
    /// Copies <paramref name="content"/> to a hidden temporary file beside <paramref name="path"/> (its folder created),
    /// then renames it over the target: a failed or cancelled write leaves the old file, a reader sees one version whole.
    /// The temporary name is never a stored name, so no listing shows it.
    /// </summary>
    public static async Task<(long Length, DateTimeOffset LastModified)> WriteAsync(string path, Stream content, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(content);
        var folder = Directory.CreateDirectory(Path.GetDirectoryName(path)!).FullName;
        var temp = Path.Join(folder, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}.tmp");
        try
        {
            var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, BufferSize, FileOptions.Asynchronous);
            await using (file.ConfigureAwait(false))
            {
                await content.CopyToAsync(file, BufferSize, cancellationToken).ConfigureAwait(false);
            }

            File.Move(temp, path, overwrite: true);
            var info = new FileInfo(path);
            return (info.Length, new DateTimeOffset(info.LastWriteTimeUtc));
        }
        finally
        {
            ScratchFile.TryDelete(temp);
        }
    }

    /// <summary>Deletes the file at <paramref name="path"/>; false when there was none.</summary>
    public static bool Delete(string path)
    {
        if (!File.Exists(path))
        {
            return false;
        }

        File.Delete(path);
        return true;
    }
}
