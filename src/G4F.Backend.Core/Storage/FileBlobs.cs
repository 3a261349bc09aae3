using System.Buffers;

namespace G4F.Backend.Storage;

/// <summary>
/// What the embedded file stores share: a name check before any path is made, opening a file as a <see cref="StoredBlob"/>,
/// and writing a stream so that readers see the old file or the new one, never half of it.
/// </summary>
internal static class FileBlobs
{
    /// <summary>
    /// How long a temporary file (<see cref="IsTemporary"/>) may go unwritten before it counts as a dead process's leftover:
    /// every write finishes or fails far sooner (the server's request limits end a stalled body), so one still in use by
    /// another request or instance is never removed.
    /// </summary>
    public static readonly TimeSpan StaleTemporaryAge = TimeSpan.FromHours(1);

    private const int BufferSize = 81920;

    // ".<target>.<32 hex digits>.tmp": the random part and ending every writer here gives its temporary file.
    private const string TemporaryEnding = ".tmp";
    private const int TemporarySuffixLength = 1 + 32 + 4;

    private static readonly SearchValues<char> HexDigits = SearchValues.Create("0123456789abcdef");

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
        var temp = TemporaryPath(folder, Path.GetFileName(path));
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

    /// <summary>A fresh hidden temporary path in <paramref name="folder"/> for a write of <paramref name="fileName"/> there.</summary>
    public static string TemporaryPath(string folder, string fileName) => Path.Join(folder, $".{fileName}.{Guid.NewGuid():N}{TemporaryEnding}");

    /// <summary>
    /// Whether <paramref name="fileName"/> is a write's temporary file (<see cref="TemporaryPath"/>): never a stored name
    /// (stored names are not hidden, and the hidden records are fixed names), so it is never listed nor counted. A process
    /// that dies mid-write leaves one behind, which <see cref="IsStaleTemporary"/> tells apart from a write in progress.
    /// </summary>
    public static bool IsTemporary(string fileName) =>
        fileName.Length > TemporarySuffixLength + 1
        && fileName[0] == '.'
        && fileName.EndsWith(TemporaryEnding, StringComparison.Ordinal)
        && fileName[^TemporarySuffixLength] == '.'
        && !fileName.AsSpan()[^(TemporarySuffixLength - 1)..^TemporaryEnding.Length].ContainsAnyExcept(HexDigits);

    /// <summary>Whether <paramref name="file"/> is a temporary file nothing has written for <see cref="StaleTemporaryAge"/>.</summary>
    public static bool IsStaleTemporary(FileInfo file) =>
        IsTemporary(file.Name) && file.LastWriteTimeUtc < DateTime.UtcNow - StaleTemporaryAge;

    /// <summary>Deletes the stale temporary files (<see cref="IsStaleTemporary"/>) directly in <paramref name="folder"/>; never throws for a disk error.</summary>
    public static void DeleteStaleTemporaries(string folder)
    {
        try
        {
            foreach (var file in new DirectoryInfo(folder).EnumerateFiles("." + "*" + TemporaryEnding))
            {
                if (IsStaleTemporary(file))
                {
                    ScratchFile.TryDelete(file.FullName);
                }
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Best effort: the next write tries again, and a leftover counts and lists nowhere meanwhile.
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
