using System.Text;
using Microsoft.Extensions.Logging;

namespace G4F.Backend.Usage;

/// <summary>
/// Records the usage line of each successful conversation turn through <see cref="IUsageLog"/>, off the turn's path, and
/// never faults: the tokens were spent, so a store that is down (a PostgreSQL outage, a full disk) costs the line at most
/// a few retries and a log entry, never the answer. The first attempt is the one a turn waits for; when it fails, the
/// line is logged at once (its JSON, which an operator can append to the day's usage by hand) and tried again in the
/// background after <see cref="RetryDelays"/>; a later success is logged too, so a line is never replayed twice.
/// </summary>
/// <remarks>
/// Retries wait in memory: at most <see cref="MaxPendingRetries"/> lines and <see cref="MaxPendingBytes"/> at once (the
/// rest are only logged), and lines
/// still waiting when the process ends are lost except for their log entry. The line holds no prompt, answer or key.
/// </remarks>
internal sealed partial class UsageRecorder(IUsageLog usageLog, TimeProvider timeProvider, ILogger<UsageRecorder> logger)
{
    /// <summary>The waits before the second, third and fourth attempts: about a minute in all.</summary>
    public static readonly IReadOnlyList<TimeSpan> RetryDelays = [TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(45)];

    /// <summary>Lines waiting for a retry at most; beyond it a failed line is only logged.</summary>
    public const int MaxPendingRetries = 10_000;

    /// <summary>
    /// Bytes of lines waiting for a retry at most: a line carries the request's <c>user</c> and <c>model</c>, which only
    /// the request body's limit bounds, so the count alone would not bound the memory an outage may hold.
    /// </summary>
    public const long MaxPendingBytes = 16 * 1024 * 1024;

    private int _pending;
    private long _pendingBytes;

    /// <summary>Lines whose first attempt failed and that wait for a retry now.</summary>
    public int PendingRetries => Volatile.Read(ref _pending);

    /// <summary>
    /// Starts the first attempt and completes when it is done, successful or not; a failed line goes on in the background.
    /// </summary>
    /// <remarks>
    /// The attempt starts on the caller's thread and runs there until the store first waits: the embedded file log has
    /// written the line by then (a few microseconds, one positioned write), so the turn's end finds it done and its last
    /// events leave with the response's end in one write; a database store only sends its statement before it waits, so
    /// the last events are not held back by the round trip.
    /// </remarks>
    public Task RecordAsync(UsageLine line)
    {
        // Checked before the attempt: inside it would be caught and logged as a store failure.
        ArgumentNullException.ThrowIfNull(line);
        return FirstAttemptAsync(line);
    }

    private async Task FirstAttemptAsync(UsageLine line)
    {
        try
        {
            await usageLog.AppendUsageAsync(line, CancellationToken.None).ConfigureAwait(false);
            return;
        }
        catch (Exception ex)
        {
            var pending = Interlocked.Increment(ref _pending);
            var bytes = Interlocked.Add(ref _pendingBytes, line.Json.Length);
            if (pending > MaxPendingRetries || bytes > MaxPendingBytes)
            {
                Release(line);
                LogNotRecorded(logger, Text(line), 1, ex);
                return;
            }

            LogRetrying(logger, Text(line), ex);
        }

        _ = RetryAsync(line);
    }

    private async Task RetryAsync(UsageLine line)
    {
        try
        {
            Exception? last = null;
            for (var retry = 0; retry < RetryDelays.Count; retry++)
            {
                await Task.Delay(RetryDelays[retry], timeProvider).ConfigureAwait(false);
                try
                {
                    await usageLog.AppendUsageAsync(line, CancellationToken.None).ConfigureAwait(false);
                    LogRecordedLate(logger, Text(line), retry + 2);
                    return;
                }
                catch (Exception ex)
                {
                    last = ex;
                }
            }

            LogNotRecorded(logger, Text(line), RetryDelays.Count + 1, last);
        }
        finally
        {
            Release(line);
        }
    }

    private void Release(UsageLine line)
    {
        Interlocked.Add(ref _pendingBytes, -line.Json.Length);
        Interlocked.Decrement(ref _pending);
    }

    // The line as written: JSON, so a name holding a line break or a control character stays on one log line.
    private static string Text(UsageLine line) => Encoding.UTF8.GetString(line.Json.Span);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The usage line of a conversation turn could not be recorded; retrying in the background: {UsageLine}")]
    private static partial void LogRetrying(ILogger logger, string usageLine, Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "The usage line of a conversation turn was recorded at attempt {Attempt}: {UsageLine}")]
    private static partial void LogRecordedLate(ILogger logger, string usageLine, int attempt);

    [LoggerMessage(Level = LogLevel.Error, Message = "The usage line of a conversation turn was not recorded after {Attempts} attempts: {UsageLine}")]
    private static partial void LogNotRecorded(ILogger logger, string usageLine, int attempts, Exception? exception);
}
