using G4F.Backend.Buckets;
using G4F.Backend.Identity;
using G4F.Backend.Storage;

namespace G4F.Backend.Sharing;

/// <summary>
/// The embedded share store: <c>buckets/&lt;id&gt;/chat.json</c> under the data directory. That is the original's
/// layout: a share lives in the bucket folder of the same id, so deleting the bucket deletes the share, which
/// the client relies on (PROTOCOL 6.4, 8). Its owner is the bucket's (<see cref="BucketOwners"/>).
/// </summary>
/// <remarks>
/// A chat is copied to a temporary file in the same folder, flushed to disk and moved over <c>chat.json</c>, so
/// neither a reader nor a crash ever sees half a chat. The owner check, the version check and the write run under the
/// bucket's lock (<see cref="BucketLocks"/>, the one every writer of the folder takes).
/// </remarks>
internal sealed class FileSystemChatShareStore(DataPaths paths, BucketLocks locks, BucketOwners owners) : IChatShareStore
{
    public const string FileName = "chat.json";

    public async ValueTask<ChatShareSaveResult> SaveAsync(string shareId, ChatShare chat, CallerIdentity? caller, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(chat);
        var folder = FolderOf(shareId);
        var file = Path.Join(folder, FileName);
        var held = await locks.AcquireAsync(shareId, cancellationToken).ConfigureAwait(false);
        await using (held.ConfigureAwait(false))
        {
            var (access, claim) = await owners.ClaimLockedAsync(shareId, caller, cancellationToken).ConfigureAwait(false);
            if (access != AccessDecision.Allowed)
            {
                return access == AccessDecision.Unauthenticated ? ChatShareSaveResult.Unauthenticated : ChatShareSaveResult.Forbidden;
            }

            var existed = Directory.Exists(folder);
            try
            {
                var stored = await ReadVersionAsync(file, cancellationToken).ConfigureAwait(false);
                // A chat without a version (0) carries nothing to compare: the last write wins, so no edit is lost.
                if (stored is { } current && chat.Updated != 0 && chat.Updated <= current)
                {
                    // Same version: the client re-posts unchanged chats. Older: a slower request of an earlier edit
                    // arrived after a later one; keeping the newer chat is the point of the version.
                    return chat.Updated == current ? ChatShareSaveResult.Unchanged : ChatShareSaveResult.Outdated;
                }

                await WriteAsync(folder, file, chat.Content, cancellationToken).ConfigureAwait(false);

                // An administrator's takeover of a tombstone is recorded only now, with the chat on disk: until then the
                // previous owner's record stands, whatever fails (a crash included) before this step.
                await owners.CompleteClaimLockedAsync(shareId, caller, claim, CancellationToken.None).ConfigureAwait(false);
                return stored is null ? ChatShareSaveResult.Created : ChatShareSaveResult.Replaced;
            }
            catch when (claim != BucketClaim.None)
            {
                // A failed write reserves no id and takes over nothing: the folder it created goes (with a chat stored
                // before its takeover record failed), then a new id's claim; a tombstone's record was never touched.
                if (!existed)
                {
                    TryDelete(file);
                    TryDeleteEmptyFolder(folder);
                }

                await owners.AbandonClaimLockedAsync(shareId, claim, CancellationToken.None).ConfigureAwait(false);
                throw;
            }
        }
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
        var held = await locks.AcquireAsync(shareId, cancellationToken).ConfigureAwait(false);
        await using (held.ConfigureAwait(false))
        {
            if (!File.Exists(file))
            {
                return false;
            }

            File.Delete(file);

            // A share without a bucket leaves no empty folder behind; a folder that still holds bucket files stays.
            TryDeleteEmptyFolder(folder);
            return true;
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

    private static async Task WriteAsync(string folder, string file, Stream content, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            Directory.CreateDirectory(folder);

            // A process that died mid-write left its temporary file beside the chat: the bucket's next write clears it.
            FileBlobs.DeleteStaleTemporaries(folder);
            var temp = FileBlobs.TemporaryPath(folder, FileName);
            try
            {
                await WriteFileAsync(temp, content, cancellationToken).ConfigureAwait(false);
                File.Move(temp, file, overwrite: true);
                return;
            }
            catch (IOException ex) when (attempt == 1 && ex is DirectoryNotFoundException or FileNotFoundException && content.CanSeek)
            {
                // The bucket of the same id was deleted between creating the folder and the move: a write after
                // the delete, so once more into a new folder.
                content.Position = 0;
            }
            finally
            {
                TryDelete(temp);
            }
        }
    }

    private static async Task WriteFileAsync(string path, Stream content, CancellationToken cancellationToken)
    {
        var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 4096, FileOptions.Asynchronous);
        await using (stream.ConfigureAwait(false))
        {
            await content.CopyToAsync(stream, cancellationToken).ConfigureAwait(false);
            await stream.FlushAsync(cancellationToken).ConfigureAwait(false);

            // On disk before the move, so a crash right after it cannot leave an empty chat.json behind.
            stream.Flush(flushToDisk: true);
        }
    }

    private static void TryDeleteEmptyFolder(string folder)
    {
        try
        {
            Directory.Delete(folder, recursive: false);
        }
        catch (IOException)
        {
            // Not empty: it holds the files of the bucket of the same id.
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
            // Best effort: a temporary file left behind counts and lists nowhere and is swept once stale; a chat left
            // behind stays under the record that was there before.
        }
    }
}
