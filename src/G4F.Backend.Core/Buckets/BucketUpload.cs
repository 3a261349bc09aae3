using G4F.Backend.Identity;
using G4F.Backend.Media;
using G4F.Backend.Requests;
using G4F.Backend.Storage;

namespace G4F.Backend.Buckets;

/// <summary>
/// One upload into a bucket (PROTOCOL 6.2), from <see cref="BucketService.AuthorizeUploadAsync"/>: started, fed file by
/// file as the request body arrives (into a staging area, never into the bucket), then committed whole. Disposing it
/// removes what was staged.
/// </summary>
public sealed class BucketUpload : IDisposable
{
    private readonly BucketService _service;
    private readonly BucketUploader _uploader;
    private readonly CallerIdentity? _caller;
    private BucketStaging? _staging;

    internal BucketUpload(BucketService service, BucketUploader uploader, string bucketId, CallerIdentity? caller, BucketOptions limits)
    {
        _service = service;
        _uploader = uploader;
        BucketId = bucketId;
        _caller = caller;
        Limits = limits;
    }

    /// <summary>The sanitised bucket id.</summary>
    public string BucketId { get; }

    /// <summary>The limits the upload is held to.</summary>
    public BucketOptions Limits { get; }

    /// <summary>Prepares the staging area; call it once, before the first file.</summary>
    /// <param name="cancellationToken">Cancels the step.</param>
    /// <returns>Null when the upload may go on; else the refusal (the server's storage failed).</returns>
    public async Task<RequestRefusal?> StartAsync(CancellationToken cancellationToken = default)
    {
        if (_staging is not null)
        {
            throw new InvalidOperationException("The upload has started already.");
        }

        try
        {
            _staging = await _uploader.StageAsync(BucketId, cancellationToken).ConfigureAwait(false);
            return null;
        }
        catch (Exception ex) when (BucketService.IsStorageFailure(ex) && !cancellationToken.IsCancellationRequested)
        {
            return _service.StorageFailed(BucketId, ex);
        }
    }

    /// <summary>
    /// Stages one file as it is read from <paramref name="content"/>. The name is sanitised (PROTOCOL 1.6); a nameless or
    /// <c>blob</c> media part is named after its type. Errors reading <paramref name="content"/> itself (a broken request
    /// body) are thrown as they come.
    /// </summary>
    /// <param name="clientFileName">The file name the client sent.</param>
    /// <param name="contentType">The part's content type, if any.</param>
    /// <param name="content">The file's bytes.</param>
    /// <param name="cancellationToken">Cancels the copy.</param>
    /// <returns>Null when staged; else the refusal (invalid name, over a limit, storage failed).</returns>
    public async Task<RequestRefusal?> AddFileAsync(string? clientFileName, string? contentType, Stream content, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        var staging = _staging ?? throw new InvalidOperationException("Call StartAsync first.");
        if (FileName(clientFileName, contentType) is not { } name)
        {
            return RequestRefusal.Invalid("Invalid file name");
        }

        try
        {
            await staging.AddAsync(name, contentType, content, cancellationToken).ConfigureAwait(false);
            return null;
        }
        catch (BucketLimitException ex)
        {
            return RequestRefusal.TooLarge(ex.Message);
        }
        catch (BucketStorageException ex) when (!cancellationToken.IsCancellationRequested)
        {
            return _service.StorageFailed(BucketId, ex);
        }
    }

    /// <summary>
    /// Converts the staged files and moves them into the bucket under its lock; ownership is decided, and a new id
    /// claimed, here. The upload's staged files are gone afterwards.
    /// </summary>
    /// <param name="cancellationToken">Cancels the commit.</param>
    /// <returns>What was stored, or why not.</returns>
    public async Task<BucketUploadOutcome> CommitAsync(CancellationToken cancellationToken = default)
    {
        var staging = _staging ?? throw new InvalidOperationException("Call StartAsync first.");
        try
        {
            var stored = await _uploader.CommitAsync(BucketId, staging, _caller, cancellationToken).ConfigureAwait(false);
            return new BucketUploadOutcome(stored, null);
        }
        catch (BucketLimitException ex)
        {
            return new BucketUploadOutcome(null, RequestRefusal.TooLarge(ex.Message));
        }
        catch (BucketCommitException ex)
        {
            // The move's own failure goes to the log; the answer lists what is in the bucket now.
            return new BucketUploadOutcome(ex.Stored, _service.StorageFailed(BucketId, ex.InnerException!));
        }
        catch (BucketAccessDeniedException ex)
        {
            // The bucket was deleted or claimed by another user while the body was read.
            return new BucketUploadOutcome(null, AccessRefusals.Of(ex.Decision));
        }
        catch (Exception ex) when (BucketService.IsStorageFailure(ex) && !cancellationToken.IsCancellationRequested)
        {
            return new BucketUploadOutcome(null, _service.StorageFailed(BucketId, ex));
        }
    }

    /// <inheritdoc />
    public void Dispose() => _staging?.Dispose();

    // PROTOCOL 6.2 step 1: the sanitised client name; a nameless or "blob" media part is named after its type.
    private static string? FileName(string? clientFileName, string? contentType)
    {
        var name = SafeName.Sanitize(clientFileName);
        if ((name.Length == 0 || name == "blob") && MediaTypes.ExtensionFor(contentType) is { } extension)
        {
            name = $"file{extension}";
        }

        return name.Length == 0 ? null : name;
    }
}
