using System.Text;
using G4F.Backend.Documents;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace G4F.Backend.Buckets;

/// <summary>
/// Runs one <see cref="IDocumentConverter"/> under <see cref="BucketOptions.ConversionTimeout"/>. Converters are
/// CPU-bound libraries that may ignore cancellation, so they run on the thread pool and the caller stops waiting at
/// the deadline instead of waiting forever. Failures become a message safe for the client (never a path or a stack).
/// </summary>
internal sealed partial class BucketConversion(IOptions<G4FBackendOptions> options, ILogger<BucketConversion> logger)
{
    /// <summary>The message of a failure that is not a <see cref="DocumentConversionException"/>: the details stay in the log.</summary>
    public const string GenericFailure = "The file could not be converted";

    /// <summary>The message of a conversion that ran out of time.</summary>
    public const string TimedOut = "The file took too long to convert";

    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    /// <summary>Writes the markdown of <paramref name="sourcePath"/> plus a final newline to <paramref name="outputPath"/>; returns null or the client-safe error.</summary>
    public Task<string?> ToFileAsync(IDocumentConverter converter, string name, string? contentType, string sourcePath, string outputPath, CancellationToken cancellationToken) =>
        RunAsync(name, async token =>
        {
            var source = new FileStream(sourcePath, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, useAsync: true);
            await using (source.ConfigureAwait(false))
            {
                var writer = new StreamWriter(outputPath, append: false, Utf8, 65536);
                await using (writer.ConfigureAwait(false))
                {
                    await converter.ConvertAsync(new DocumentInput(name, contentType, source), writer, token).ConfigureAwait(false);
                    await writer.WriteAsync('\n').ConfigureAwait(false);
                }
            }
        }, cancellationToken);

    /// <summary>The markdown of a stored document as a string (for documents converted at read time, such as ZIP archives), or null when it fails.</summary>
    public async Task<string?> ToStringAsync(IDocumentConverter converter, string name, string? contentType, string sourcePath, CancellationToken cancellationToken)
    {
        var text = new StringBuilder();
        var error = await RunAsync(name, async token =>
        {
            var source = new FileStream(sourcePath, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, useAsync: true);
            await using (source.ConfigureAwait(false))
            {
                using var writer = new StringWriter(text, System.Globalization.CultureInfo.InvariantCulture);
                await converter.ConvertAsync(new DocumentInput(name, contentType, source), writer, token).ConfigureAwait(false);
            }
        }, cancellationToken).ConfigureAwait(false);
        return error is null ? text.ToString() : null;
    }

    private async Task<string?> RunAsync(string name, Func<CancellationToken, Task> convert, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(options.Value.Buckets.ConversionTimeout);
        try
        {
            await Task.Run(() => convert(deadline.Token), deadline.Token).WaitAsync(deadline.Token).ConfigureAwait(false);
            return null;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            LogTimedOut(logger, name);
            return TimedOut;
        }
        catch (DocumentConversionException ex)
        {
            LogRefused(logger, name, ex);
            return string.IsNullOrWhiteSpace(ex.Message) ? GenericFailure : ex.Message;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogFailed(logger, name, ex);
            return GenericFailure;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Converting {FileName} took longer than the conversion timeout")]
    private static partial void LogTimedOut(ILogger logger, string fileName);

    [LoggerMessage(Level = LogLevel.Information, Message = "{FileName} cannot be converted")]
    private static partial void LogRefused(ILogger logger, string fileName, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Converting {FileName} failed")]
    private static partial void LogFailed(ILogger logger, string fileName, Exception exception);
}
