using G4F.Backend.Requests;
using G4F.Backend.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace G4F.Backend.Credentials;

/// <summary>
/// Cookie file uploads for a host (PROTOCOL 10): one <c>.json</c> or <c>.har</c> file, checked and parsed here; only a
/// readable cookie file is stored, and its cookies become current for the providers' requests.
/// </summary>
public sealed partial class CookieUploadService
{
    private const string NotSupported = "Not supported file";

    private readonly CookieStore _store;
    private readonly IOptions<CookieUploadOptions> _options;
    private readonly ILogger<CookieUploadService> _logger;

    internal CookieUploadService(CookieStore store, IOptions<CookieUploadOptions> options, ILogger<CookieUploadService> logger)
    {
        _store = store;
        _options = options;
        _logger = logger;
    }

    /// <summary>The most bytes one uploaded cookie file may have.</summary>
    public long MaxFileBytes => _options.Value.MaxCookieFileBytes;

    /// <summary>Checks the name of an uploaded file before its bytes are read.</summary>
    /// <param name="clientFileName">The file name the client sent; null or empty when no file was chosen.</param>
    /// <returns>The sanitised name to save under, or the refusal (no file, not a supported kind).</returns>
    public ServiceResult<string> CheckFileName(string? clientFileName)
    {
        if (string.IsNullOrEmpty(clientFileName))
        {
            return RequestRefusal.Invalid("No selected file");
        }

        return SafeName.TrySanitize(clientFileName, out var name) && CookieStore.IsSupported(name) ? name : RequestRefusal.Invalid(NotSupported);
    }

    /// <summary>
    /// Parses <paramref name="content"/> and, only when it is a readable cookie file with a usable cookie within the
    /// limits, stores its cookies (in compact form) as <paramref name="fileName"/> (replacing an earlier upload of that name).
    /// </summary>
    /// <param name="fileName">The name <see cref="CheckFileName"/> answered.</param>
    /// <param name="content">The file's bytes, at most <see cref="MaxFileBytes"/>.</param>
    /// <param name="cancellationToken">Cancels the save.</param>
    /// <returns>Null when stored; else the refusal (unreadable file, no usable cookie, over a limit, storage failed).</returns>
    public async Task<RequestRefusal?> SaveAsync(string fileName, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default)
    {
        try
        {
            await _store.SaveAsync(fileName, content, cancellationToken).ConfigureAwait(false);
            return null;
        }
        catch (CookieFileException ex)
        {
            return ex.TooLarge ? RequestRefusal.TooLarge(ex.Message) : RequestRefusal.Invalid(ex.Message);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException && !cancellationToken.IsCancellationRequested)
        {
            // The server's disk failed; the reason names paths and stays in the log.
            LogStoreFailed(_logger, ex.GetType().Name);
            return RequestRefusal.Failed("The cookie file could not be stored");
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Storing an uploaded cookie file failed ({ExceptionType})")]
    private static partial void LogStoreFailed(ILogger logger, string exceptionType);
}
