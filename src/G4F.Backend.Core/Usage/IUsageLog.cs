using System.Text.Json.Nodes;

namespace G4F.Backend.Usage;

/// <summary>
/// Usage lines, client log lines and the statistics over them (PROTOCOL 5). The default implementation
/// keeps one JSON Lines file per UTC day under the data directory (<c>usage/YYYY-MM-DD.jsonl</c>,
/// <c>logs/YYYY-MM-DD.jsonl</c>); a host can register its own implementation before <c>AddG4FBackend</c>.
/// </summary>
/// <remarks>
/// "Today" is the UTC date of the registered <see cref="TimeProvider"/>, for appends and for the statistics
/// window alike, so a server's local time zone never moves a line to another day.
/// </remarks>
public interface IUsageLog
{
    /// <summary>
    /// Appends one usage line (a client's <c>POST /usage</c> or a finished conversation turn) to today's usage.
    /// The entry is serialized and its day fixed before this method returns, so the caller may reuse it at once.
    /// </summary>
    /// <param name="entry">The line as a JSON object.</param>
    /// <param name="cancellationToken">Cancels waiting for other appends to the same file.</param>
    /// <returns>A task that completes when the line is written.</returns>
    /// <exception cref="ArgumentException">The entry holds text that is not valid Unicode (an unpaired surrogate).</exception>
    Task AppendUsageAsync(JsonObject entry, CancellationToken cancellationToken = default);

    /// <summary>Appends one client log line (<c>POST /log</c>) to today's log, like <see cref="AppendUsageAsync"/>.</summary>
    /// <param name="entry">The line as a JSON object.</param>
    /// <param name="cancellationToken">Cancels waiting for other appends to the same file.</param>
    /// <returns>A task that completes when the line is written.</returns>
    /// <exception cref="ArgumentException">The entry holds text that is not valid Unicode (an unpaired surrogate).</exception>
    Task AppendClientLogAsync(JsonObject entry, CancellationToken cancellationToken = default);

    /// <summary>
    /// Opens the raw usage lines of one day (UTF-8 JSON Lines, each ending in <c>\n</c>) as they stood when
    /// opened: lines appended later are not part of the stream.
    /// </summary>
    /// <param name="date">The day.</param>
    /// <param name="cancellationToken">Cancels the wait for an append in progress.</param>
    /// <returns>A readable stream the caller disposes, or null when the day has no usage.</returns>
    Task<Stream?> OpenUsageDayAsync(DateOnly date, CancellationToken cancellationToken = default);

    /// <summary>
    /// Aggregates the usage of the last <paramref name="days"/> days, today included (PROTOCOL 5.3).
    /// Lines that cannot be read are skipped; this never fails because of a file's content.
    /// </summary>
    /// <param name="days">How many days; clamped to 1..365.</param>
    /// <param name="user">Only lines of this user (exact match; a line without a user is <c>unknown</c>); null or empty for all.</param>
    /// <param name="cancellationToken">Cancels the aggregation.</param>
    /// <returns>The statistics.</returns>
    Task<UsageStatistics> GetStatisticsAsync(int days, string? user = null, CancellationToken cancellationToken = default);
}
