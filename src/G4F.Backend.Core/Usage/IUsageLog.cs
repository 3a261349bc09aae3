namespace G4F.Backend.Usage;

/// <summary>
/// Usage lines, client log lines and the statistics over them (PROTOCOL 5). The embedded default keeps one JSON Lines
/// file per UTC day under the data directory (<c>usage/YYYY-MM-DD.jsonl</c>, <c>logs/YYYY-MM-DD.jsonl</c>); register
/// another implementation with <c>UseUsageLog</c> on the backend builder.
/// </summary>
/// <remarks>
/// "Today" is the UTC date of the registered <see cref="TimeProvider"/>, for appends and for the statistics window
/// alike, so a server's local time zone never moves a line to another day. Concurrent appends, from this process or
/// from other instances sharing the store, neither lose nor tear nor duplicate a line; a day's lines keep the order
/// their appends completed in. An append that throws may still have stored its line where the store cannot tell (a
/// database commit whose reply was lost); the server retries such an append with the same <see cref="UsageLine"/>, so
/// a store where that can happen keeps one line per <see cref="UsageLine.Id"/> (the PostgreSQL store does).
/// </remarks>
public interface IUsageLog
{
    /// <summary>
    /// Appends one usage line (a client's <c>POST /usage</c> or a finished conversation turn) to today's usage, the day
    /// fixed when the call is made.
    /// </summary>
    /// <param name="line">The line.</param>
    /// <param name="cancellationToken">Cancels waiting for other appends to the same day.</param>
    /// <returns>A task that completes when the line is stored.</returns>
    Task AppendUsageAsync(UsageLine line, CancellationToken cancellationToken = default);

    /// <summary>Appends one client log line (<c>POST /log</c>) to today's log, like <see cref="AppendUsageAsync"/>.</summary>
    /// <param name="line">The line.</param>
    /// <param name="cancellationToken">Cancels waiting for other appends to the same day.</param>
    /// <returns>A task that completes when the line is stored.</returns>
    Task AppendClientLogAsync(ClientLogLine line, CancellationToken cancellationToken = default);

    /// <summary>
    /// Opens the usage lines of one day (UTF-8 JSON Lines, each ending in <c>\n</c>, in the order they were appended)
    /// as they stood when opened: lines appended later are not part of the stream.
    /// </summary>
    /// <param name="date">The day.</param>
    /// <param name="user">
    /// Only the lines of this user, matched as <see cref="GetStatisticsAsync"/> matches them (exactly; a line without a
    /// user is <c>unknown</c>); null for every line.
    /// </param>
    /// <param name="cancellationToken">Cancels the wait for an append in progress.</param>
    /// <returns>A readable stream the caller disposes, or null when the day has no (matching) usage.</returns>
    Task<Stream?> OpenUsageDayAsync(DateOnly date, string? user = null, CancellationToken cancellationToken = default);

    /// <summary>Opens the client log lines of one day, like <see cref="OpenUsageDayAsync"/> (for operators; no route serves them).</summary>
    /// <param name="date">The day.</param>
    /// <param name="cancellationToken">Cancels the wait for an append in progress.</param>
    /// <returns>A readable stream the caller disposes, or null when the day has no log lines.</returns>
    Task<Stream?> OpenClientLogDayAsync(DateOnly date, CancellationToken cancellationToken = default);

    /// <summary>
    /// Aggregates the usage of the last <paramref name="days"/> days, today included (PROTOCOL 5.3), from the fields
    /// of <see cref="UsageLine"/>. Lines that cannot be read are skipped; this never fails because of stored content.
    /// </summary>
    /// <param name="days">How many days; clamped to 1..365.</param>
    /// <param name="user">Only lines of this user (exact match; a line without a user is <c>unknown</c>); null or empty for all.</param>
    /// <param name="cancellationToken">Cancels the aggregation.</param>
    /// <returns>The statistics.</returns>
    Task<UsageStatistics> GetStatisticsAsync(int days, string? user = null, CancellationToken cancellationToken = default);
}
