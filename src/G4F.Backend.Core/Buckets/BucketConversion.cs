using System.Text;
using G4F.Backend.Documents;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace G4F.Backend.Buckets;

/// <summary>
/// Runs one <see cref="IDocumentConverter"/> (of an upload or of a <c>downloads.json</c> page) under
/// <see cref="BucketOptions.ConversionTimeout"/>, inside a slot of the <see cref="ConversionGate"/> that it waits for at
/// most <see cref="BucketOptions.ConversionQueueTimeout"/>, with its output capped. The converter's token is cancelled
/// at the deadline and the built-in converters check it inside their loops, so a timed-out conversion stops working and
/// frees its slot within moments. A host's converter that ignores its token cannot be stopped: the caller stops waiting
/// at the deadline, and the abandoned run keeps its slot until it really ends (freeing the slot early would let such
/// runs pile up beyond one per processor), is observed, and its private output file is removed. Failures become a
/// message safe for the client (never a path or a stack).
/// </summary>
internal sealed partial class BucketConversion(IOptions<BucketOptions> options, ConversionGate gate, ILogger<BucketConversion> logger)
{
    /// <summary>The message of a failure that is not a <see cref="DocumentConversionException"/>: the details stay in the log.</summary>
    public const string GenericFailure = "The file could not be converted";

    /// <summary>The message of a conversion that ran out of time.</summary>
    public const string TimedOut = "The file took too long to convert";

    /// <summary>The message of a conversion whose text passed <see cref="BucketOptions.MaxConvertedBytes"/> or the bucket's room.</summary>
    public const string TooLarge = OutputBudgetWriter.TooLarge;

    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    /// <summary>
    /// Writes the markdown of <paramref name="sourcePath"/> plus a final newline to <paramref name="outputPath"/>, at
    /// most <paramref name="maxBytes"/> bytes of it; returns null or the client-safe error (and then no output file).
    /// </summary>
    public async Task<string?> ToFileAsync(IDocumentConverter converter, string name, string? contentType, string sourcePath, string outputPath, long maxBytes, CancellationToken cancellationToken)
    {
        try
        {
            await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (ConversionQueueTimeoutException ex)
        {
            LogQueueTimedOut(logger, name);
            return ex.Message;
        }

        var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(options.Value.ConversionTimeout);

        // Read once, before the work starts: the work's clean-up disposes the source, and a small file can be converted
        // before this caller looks at it again (the token stays valid after that; the source's Token property does not).
        var expiry = deadline.Token;

        // The converter writes its own file; only a conversion that finished in time renames it to the output.
        var partial = $"{outputPath}.{Guid.NewGuid():N}.partial";
        var run = new Run(converter, name, contentType, sourcePath, partial, outputPath, Math.Max(0, maxBytes), expiry);
        var work = Task.Run(run.ExecuteAsync, CancellationToken.None);
        _ = work.ContinueWith(
            finished =>
            {
                // Whatever the caller saw: the slot is freed, the failure observed and the private file gone only now.
                var abandoned = deadline.IsCancellationRequested;
                TryDelete(partial);
                deadline.Dispose();
                gate.Release();
                if (finished.Exception is { } late && abandoned)
                {
                    LogAbandoned(logger, name, late.GetBaseException());
                }
            },
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);

        try
        {
            await work.WaitAsync(expiry).ConfigureAwait(false);
            return null;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            LogTimedOut(logger, name);
            return TimedOut;
        }
        catch (Exception) when (run.Exceeded)
        {
            LogTooLarge(logger, name);
            return TooLarge;
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

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // The staging clean-up removes it later.
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Converting {FileName} took longer than the conversion timeout")]
    private static partial void LogTimedOut(ILogger logger, string fileName);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{FileName} waited longer than the conversion queue timeout for a conversion slot")]
    private static partial void LogQueueTimedOut(ILogger logger, string fileName);

    [LoggerMessage(Level = LogLevel.Information, Message = "The text of {FileName} is over the size cap")]
    private static partial void LogTooLarge(ILogger logger, string fileName);

    [LoggerMessage(Level = LogLevel.Information, Message = "{FileName} cannot be converted")]
    private static partial void LogRefused(ILogger logger, string fileName, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Converting {FileName} failed")]
    private static partial void LogFailed(ILogger logger, string fileName, Exception exception);

    [LoggerMessage(Level = LogLevel.Debug, Message = "The abandoned conversion of {FileName} ended with an error")]
    private static partial void LogAbandoned(ILogger logger, string fileName, Exception exception);

    private sealed class Run(IDocumentConverter converter, string name, string? contentType, string sourcePath, string partial, string outputPath, long maxBytes, CancellationToken token)
    {
        private OutputBudgetWriter? _capped;

        public bool Exceeded => _capped?.Exceeded == true;

        public async Task ExecuteAsync()
        {
            var source = new FileStream(sourcePath, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, 81920, useAsync: true);
            await using (source.ConfigureAwait(false))
            {
                var file = new FileStream(partial, FileMode.CreateNew, FileAccess.Write, FileShare.Read | FileShare.Delete, 1, useAsync: true);
                var writer = new StreamWriter(file, Utf8, 65536);
                await using (writer.ConfigureAwait(false))
                {
                    _capped = new OutputBudgetWriter(writer, maxBytes, token);
                    await converter.ConvertAsync(new DocumentInput(name, contentType, source), _capped, token).ConfigureAwait(false);
                    if (_capped.Exceeded)
                    {
                        // The converter swallowed the cap's exception; its output is still cut and unusable.
                        throw new DocumentConversionException(OutputBudgetWriter.TooLarge);
                    }

                    await _capped.WriteAsync('\n').ConfigureAwait(false);
                }
            }

            token.ThrowIfCancellationRequested();
            File.Move(partial, outputPath, overwrite: true);
        }
    }
}
