using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Unicode;
using G4F.Backend.Buckets;
using G4F.Backend.Storage;

namespace G4F.Backend.Sharing;

/// <summary>
/// The default share store: <c>buckets/&lt;id&gt;/chat.json</c> under the data directory. That is the original's
/// layout: a share lives in the bucket folder of the same id, so deleting the bucket deletes the share, which
/// the client relies on (PROTOCOL 6.4, 8).
/// </summary>
/// <remarks>
/// A chat is written to a temporary file in the same folder, flushed to disk and moved over <c>chat.json</c>, so
/// neither a reader nor a crash ever sees half a chat. The version check and the write run under a lock per id,
/// which holds within one process: instances sharing one folder never tear a file either, but between them the
/// last rename wins rather than the highest version.
/// </remarks>
internal sealed class FileSystemChatShareStore(DataPaths paths, BucketLocks locks) : IChatShareStore
{
    public const string FileName = "chat.json";

    private static readonly JsonWriterOptions WriterOptions = new()
    {
        // Text in any script stays as compact as the client sent it; HTML-significant characters stay escaped.
        Encoder = JavaScriptEncoder.Create(UnicodeRanges.All),
    };

    public async ValueTask<ChatShareSaveResult> SaveAsync(string shareId, JsonObject chat, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(chat);
        var gate = await locks.AcquireAsync(shareId, cancellationToken).ConfigureAwait(false);
        try
        {
            return await SaveLockedAsync(shareId, chat, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            await gate.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary><see cref="SaveAsync"/> for a caller that holds the id's <see cref="BucketLocks"/> lock (the owner check of <see cref="OwnedChatShares"/>).</summary>
    public async ValueTask<ChatShareSaveResult> SaveLockedAsync(string shareId, JsonObject chat, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(chat);
        var folder = FolderOf(shareId);
        var file = Path.Join(folder, FileName);
        var version = ChatVersion.Of(chat);
        var stored = await ReadVersionAsync(file, cancellationToken).ConfigureAwait(false);
        // A chat without a version (0) carries nothing to compare: the last write wins, so no edit is lost.
        if (stored is { } current && version != 0 && version <= current)
        {
            // Same version: the client re-posts unchanged chats. Older: a slower request of an earlier edit
            // arrived after a later one; keeping the newer chat is the point of the version.
            return version == current ? ChatShareSaveResult.Unchanged : ChatShareSaveResult.Outdated;
        }

        await WriteAsync(folder, file, chat, cancellationToken).ConfigureAwait(false);
        return stored is null ? ChatShareSaveResult.Created : ChatShareSaveResult.Replaced;
    }

    public async ValueTask<ChatShare?> OpenAsync(string shareId, CancellationToken cancellationToken = default)
    {
        if (TryOpen(Path.Join(FolderOf(shareId), FileName)) is not { } stream)
        {
            return null;
        }

        ChatShare? share = null;
        try
        {
            // The version comes from the same handle that is served, so it always belongs to the body sent with it.
            var version = await ChatVersion.ReadAsync(stream, cancellationToken).ConfigureAwait(false);
            stream.Position = 0;
            share = new ChatShare(version, stream);
            return share;
        }
        finally
        {
            if (share is null)
            {
                await stream.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    public async ValueTask<bool> DeleteAsync(string shareId, CancellationToken cancellationToken = default)
    {
        var folder = FolderOf(shareId);
        var file = Path.Join(folder, FileName);
        var gate = await locks.AcquireAsync(shareId, cancellationToken).ConfigureAwait(false);
        try
        {
            if (!File.Exists(file))
            {
                return false;
            }

            File.Delete(file);
            try
            {
                // A share without a bucket leaves no empty folder behind; a folder that still holds bucket files stays.
                Directory.Delete(folder, recursive: false);
            }
            catch (IOException)
            {
            }

            return true;
        }
        finally
        {
            await gate.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>The folder of a share; ids arrive sanitised, anything else is a caller's bug refused before it names a path.</summary>
    private string FolderOf(string shareId)
    {
        if (!SafeName.TrySanitize(shareId, out var safe) || !string.Equals(safe, shareId, StringComparison.Ordinal))
        {
            throw new ArgumentException("A share id must be a non-empty sanitised name (PROTOCOL 1.6).", nameof(shareId));
        }

        return paths.Combine(DataPaths.Buckets, shareId);
    }

    /// <summary>The version of the stored chat, or null when there is none.</summary>
    private static async ValueTask<long?> ReadVersionAsync(string file, CancellationToken cancellationToken)
    {
        if (TryOpen(file) is not { } stream)
        {
            return null;
        }

        await using (stream.ConfigureAwait(false))
        {
            return await ChatVersion.ReadAsync(stream, cancellationToken).ConfigureAwait(false);
        }
    }

    private static FileStream? TryOpen(string file)
    {
        try
        {
            // FileShare.Delete lets a writer replace the file while it is read (Windows refuses the move otherwise);
            // the open handle keeps reading the chat it opened.
            return new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, 4096, FileOptions.Asynchronous | FileOptions.SequentialScan);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }

    private static async Task WriteAsync(string folder, string file, JsonObject chat, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            Directory.CreateDirectory(folder);
            var temp = Path.Join(folder, $".{FileName}.{Guid.NewGuid():N}.tmp");
            try
            {
                await WriteFileAsync(temp, chat, cancellationToken).ConfigureAwait(false);
                File.Move(temp, file, overwrite: true);
                return;
            }
            catch (IOException ex) when (attempt == 1 && ex is DirectoryNotFoundException or FileNotFoundException)
            {
                // The bucket of the same id was deleted between creating the folder and the move: a write after
                // the delete, so once more into a new folder.
            }
            finally
            {
                TryDelete(temp);
            }
        }
    }

    private static async Task WriteFileAsync(string path, JsonObject chat, CancellationToken cancellationToken)
    {
        using var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 4096, FileOptions.Asynchronous);
        using var writer = new Utf8JsonWriter(stream, WriterOptions);

        // Compact, with the version first: reading a stored chat's version then needs its first bytes only
        // (key order carries no meaning, PROTOCOL 1.2). Every value is written as it was parsed.
        writer.WriteStartObject();
        if (chat.TryGetPropertyValue(ChatVersion.PropertyName, out var updated))
        {
            writer.WritePropertyName(ChatVersion.PropertyName);
            WriteValue(writer, updated);
        }

        foreach (var (name, value) in chat)
        {
            if (name != ChatVersion.PropertyName)
            {
                writer.WritePropertyName(name);
                WriteValue(writer, value);
            }
        }

        writer.WriteEndObject();
        await writer.FlushAsync(cancellationToken).ConfigureAwait(false);

        // On disk before the move, so a crash right after it cannot leave an empty chat.json behind.
        stream.Flush(flushToDisk: true);
    }

    private static void WriteValue(Utf8JsonWriter writer, JsonNode? value)
    {
        if (value is null)
        {
            writer.WriteNullValue();
        }
        else
        {
            value.WriteTo(writer);
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
            // Only a leftover temporary file (a dot file the bucket listing does not show); the chat is unaffected.
        }
    }
}
