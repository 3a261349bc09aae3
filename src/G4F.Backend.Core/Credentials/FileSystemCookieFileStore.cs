using System.Globalization;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using G4F.Backend.Storage;

namespace G4F.Backend.Credentials;

/// <summary>
/// The embedded <see cref="ICookieFileStore"/>: <c>cookies/&lt;name&gt;</c> under the data directory, ordered by the time
/// each file was last written. A file is written beside its target and moved over it, so a reader never sees half of it.
/// </summary>
internal sealed class FileSystemCookieFileStore(DataPaths paths) : ICookieFileStore
{
    /// <summary>The folder of uploaded cookie files under the data directory.</summary>
    public const string FolderName = "cookies";

    public async Task SaveAsync(string fileName, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default)
    {
        if (!SafeName.TrySanitize(fileName, out var name) || name != fileName || name.StartsWith('.'))
        {
            throw new ArgumentException("A cookie file name must be a sanitised name (PROTOCOL 1.6).", nameof(fileName));
        }

        var folder = paths.Folder(FolderName);
        var temporary = Path.Join(folder, $".upload-{Guid.NewGuid():N}.tmp");
        try
        {
            await File.WriteAllBytesAsync(temporary, content, cancellationToken).ConfigureAwait(false);
            File.Move(temporary, Path.Join(folder, name), overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    public async Task<IReadOnlyList<CookieFile>> ListAsync(long maxFileBytes, CancellationToken cancellationToken = default)
    {
        var files = new List<CookieFile>();
        await foreach (var file in ReadEachAsync(maxFileBytes, cancellationToken).ConfigureAwait(false))
        {
            files.Add(file);
        }

        return files;
    }

    // Each file is read when the caller asks for it, so a refresh holds one file's bytes at a time.
    public async IAsyncEnumerable<CookieFile> ReadEachAsync(long maxFileBytes, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var folder = paths.Combine(FolderName);
        if (!Directory.Exists(folder))
        {
            yield break;
        }

        foreach (var file in new DirectoryInfo(folder).EnumerateFiles().OrderBy(f => f.LastWriteTimeUtc))
        {
            // Temporary files of writes in progress (or of a crash) are not uploads.
            if (file.Name.StartsWith('.'))
            {
                continue;
            }

            ReadOnlyMemory<byte> content;
            try
            {
                content = await ReadAsync(file.FullName, maxFileBytes, cancellationToken).ConfigureAwait(false);
            }
            catch (FileNotFoundException)
            {
                // Replaced between the listing and the read: its replacement is listed (or soon will be) on its own.
                continue;
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // Unreadable: listed empty, so the backend skips it with a warning naming the file, as any unusable one.
                content = ReadOnlyMemory<byte>.Empty;
            }

            yield return new CookieFile(file.Name, content);
        }
    }

    public Task<string?> GetVersionAsync(CancellationToken cancellationToken = default)
    {
        var folder = paths.Combine(FolderName);
        if (!Directory.Exists(folder))
        {
            return Task.FromResult<string?>(string.Empty);
        }

        // Names, sizes and write times from the directory listing alone, no file opened: a save moves a new file over
        // its target, so its write time changes even when its size does not.
        var listing = new StringBuilder();
        foreach (var file in new DirectoryInfo(folder).EnumerateFiles().Where(f => !f.Name.StartsWith('.')).OrderBy(f => f.Name, StringComparer.Ordinal))
        {
            cancellationToken.ThrowIfCancellationRequested();
            listing.Append(file.Name).Append('/').Append(file.Length.ToString(CultureInfo.InvariantCulture))
                .Append('/').Append(file.LastWriteTimeUtc.Ticks.ToString(CultureInfo.InvariantCulture)).Append('\n');
        }

        return Task.FromResult<string?>(Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(listing.ToString()))));
    }

    private static async Task<byte[]> ReadAsync(string path, long maxFileBytes, CancellationToken cancellationToken)
    {
        var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, 4096, FileOptions.Asynchronous);
        await using (stream.ConfigureAwait(false))
        {
            var buffer = new byte[(int)Math.Min(stream.Length, Math.Min(maxFileBytes + 1, Array.MaxLength))];
            var read = await stream.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
            return read == buffer.Length ? buffer : buffer[..read];
        }
    }
}
