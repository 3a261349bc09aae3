using G4F.Backend.Identity;
using G4F.Backend.Media;
using G4F.Backend.Requests;
using G4F.Backend.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace G4F.Backend.Buckets;

/// <summary>
/// File buckets for a host (PROTOCOL 6): upload, read, delete, and their media files. Ids and names are checked here; when
/// the host identifies callers (a non-null <see cref="CallerIdentity"/>) only a bucket's owner may upload into it or delete
/// it, while reading stays open. Failures of the server's storage are logged here and answered as a
/// <see cref="RefusalKind.Failed"/> refusal whose message names no path.
/// </summary>
public sealed partial class BucketService
{
    private const string InvalidBucketId = "Invalid bucket id";
    private const string BucketNotFound = "Bucket directory not found";

    private readonly IBucketStore _store;
    private readonly BucketOwners _owners;
    private readonly BucketFolders _folders;
    private readonly BucketReader _reader;
    private readonly BucketUploader _uploader;
    private readonly BucketMediaFetcher _media;
    private readonly IOptions<BucketOptions> _options;
    private readonly ILogger<BucketService> _logger;

    internal BucketService(
        IBucketStore store,
        BucketOwners owners,
        BucketFolders folders,
        BucketReader reader,
        BucketUploader uploader,
        BucketMediaFetcher media,
        IOptions<BucketOptions> options,
        ILogger<BucketService> logger)
    {
        _store = store;
        _owners = owners;
        _folders = folders;
        _reader = reader;
        _uploader = uploader;
        _media = media;
        _options = options;
        _logger = logger;
    }

    /// <summary>
    /// Checks an upload into <paramref name="bucketId"/> before its body is read: a refused caller costs no upload. A new
    /// bucket becomes the caller's only in the commit, so a refused, broken or abandoned body reserves no id.
    /// </summary>
    /// <param name="bucketId">The bucket id as the client sent it.</param>
    /// <param name="caller">The caller; null when the host identifies nobody (everything open).</param>
    /// <param name="cancellationToken">Cancels the check.</param>
    /// <returns>The upload to start and feed, or the refusal (invalid id, 401, 403).</returns>
    public async Task<ServiceResult<BucketUpload>> AuthorizeUploadAsync(string bucketId, CallerIdentity? caller, CancellationToken cancellationToken = default)
    {
        if (!SafeName.TrySanitize(bucketId, out var id))
        {
            return RequestRefusal.Invalid(InvalidBucketId);
        }

        if (AccessRefusals.Of(await _owners.CheckAsync(id, caller, cancellationToken).ConfigureAwait(false)) is { } refusal)
        {
            return refusal;
        }

        return new BucketUpload(this, _uploader, id, caller, _options.Value);
    }

    /// <summary>
    /// Checks a read of <paramref name="bucketId"/> (PROTOCOL 6.3). Anyone with the id reads the text, but only the bucket's
    /// owner (or an administrator) runs its <c>downloads.json</c> and clears its lists: another reader must not spend the
    /// owner's downloads nor change what the owner's next read shows.
    /// </summary>
    /// <param name="bucketId">The bucket id as the client sent it.</param>
    /// <param name="caller">The caller; null when the host identifies nobody.</param>
    /// <param name="deleteFiles">Whether the upload's file list is removed once processed (for the owner only).</param>
    /// <param name="refine">Whether the text gets the refine pass.</param>
    /// <param name="cancellationToken">Cancels the check.</param>
    /// <returns>The read to run, or the refusal (invalid id, no such bucket).</returns>
    public async Task<ServiceResult<BucketRead>> PrepareReadAsync(string bucketId, CallerIdentity? caller, bool deleteFiles, bool refine, CancellationToken cancellationToken = default)
    {
        if (!SafeName.TrySanitize(bucketId, out var id))
        {
            return RequestRefusal.Invalid(InvalidBucketId);
        }

        if (!await _store.ExistsAsync(id, cancellationToken).ConfigureAwait(false))
        {
            return RequestRefusal.NotFound(BucketNotFound);
        }

        var manage = await _owners.ManagesAsync(id, caller, cancellationToken).ConfigureAwait(false);
        return new BucketRead(_reader, id, manage, manage && deleteFiles, refine);
    }

    /// <summary>
    /// Deletes bucket <paramref name="bucketId"/> with everything in it (PROTOCOL 6.4); the share of the same id goes with it.
    /// </summary>
    /// <param name="bucketId">The bucket id as the client sent it.</param>
    /// <param name="caller">The caller; null when the host identifies nobody.</param>
    /// <param name="cancellationToken">Cancels the delete.</param>
    /// <returns>Null when deleted; else the refusal (invalid id, 401, 403, no such bucket, storage failed).</returns>
    public async Task<RequestRefusal?> DeleteAsync(string bucketId, CallerIdentity? caller, CancellationToken cancellationToken = default)
    {
        if (!SafeName.TrySanitize(bucketId, out var id))
        {
            return RequestRefusal.Invalid(InvalidBucketId);
        }

        try
        {
            var (access, deleted) = await _folders.DeleteAsync(id, caller, cancellationToken).ConfigureAwait(false);
            return AccessRefusals.Of(access) ?? (deleted ? null : RequestRefusal.NotFound(BucketNotFound));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // The reason stays in the log: it names paths of the server.
            LogDeleteFailed(_logger, id, ex);
            return RequestRefusal.Failed("Error deleting bucket");
        }
    }

    /// <summary>
    /// A bucket's media file or its thumbnail (PROTOCOL 6.5). A missing file with <paramref name="url"/> is fetched through the
    /// safe downloader into a cache outside the bucket (never in its quota), never redirected to (14.4).
    /// </summary>
    /// <param name="bucketId">The bucket id as the client sent it.</param>
    /// <param name="fileName">The file name as the client sent it.</param>
    /// <param name="thumbnail">Whether the thumbnail is preferred (a fetched copy is served whole).</param>
    /// <param name="url">The <c>?url=</c> fallback; empty for none.</param>
    /// <param name="serverOrigin">This server's origin (<c>scheme://host[:port]</c>): URLs with it name its own files.</param>
    /// <param name="cancellationToken">Cancels the open or the fetch.</param>
    /// <returns>The opened file, or the refusal (invalid id or name, not found).</returns>
    public async Task<ServiceResult<StoredFile>> OpenMediaAsync(string bucketId, string fileName, bool thumbnail, string url, string? serverOrigin, CancellationToken cancellationToken = default)
    {
        if (!SafeName.TrySanitize(bucketId, out var id))
        {
            return RequestRefusal.Invalid(InvalidBucketId);
        }

        if (!SafeName.TrySanitize(fileName, out var name))
        {
            return RequestRefusal.Invalid("Invalid file name");
        }

        var blob = await _media.OpenAsync(id, name, thumbnail, url ?? string.Empty, serverOrigin, cancellationToken).ConfigureAwait(false);
        return blob is null ? RequestRefusal.NotFound("File not found") : MediaFiles.Of(blob, name);
    }

    internal static bool IsStorageFailure(Exception exception) =>
        exception is BucketStorageException or IOException or UnauthorizedAccessException;

    /// <summary>Logs a failure of the server's storage (its reason names paths) and answers the client-safe refusal.</summary>
    internal RequestRefusal StorageFailed(string bucketId, Exception exception)
    {
        LogStoreFailed(_logger, bucketId, exception);
        return RequestRefusal.Failed(BucketStorageException.Failure);
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Deleting bucket {BucketId} failed")]
    private static partial void LogDeleteFailed(ILogger logger, string bucketId, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "Storing an upload into bucket {BucketId} failed")]
    private static partial void LogStoreFailed(ILogger logger, string bucketId, Exception exception);
}
