using System.Text.Json.Nodes;
using G4F.Backend.Identity;
using G4F.Backend.Requests;

namespace G4F.Backend.Usage;

/// <summary>
/// Usage lines, statistics and client logs for a host (PROTOCOL 5). When the host identifies callers (a non-null
/// <see cref="CallerIdentity"/>), usage is the caller's own: lines are stamped with the caller, reads see only the
/// caller's lines (an administrator's see everyone's), and anonymous callers are refused.
/// </summary>
public sealed class UsageService
{
    /// <summary>The message of a refused body that is not valid JSON text (as the routes answer a body they cannot parse).</summary>
    private const string InvalidJson = "Invalid JSON data";

    /// <summary>The names a usage line is grouped by, the user first.</summary>
    private static readonly string[] NameKeys = ["user", "model", "provider"];

    private readonly IUsageLog _log;
    private readonly CallerUsage _usage;

    internal UsageService(IUsageLog log, CallerUsage usage)
    {
        _log = log;
        _usage = usage;
    }

    /// <summary>Whether <paramref name="caller"/> may use the usage routes at all; checked before a body is read.</summary>
    /// <param name="caller">The caller; null when the host identifies nobody (everything open).</param>
    /// <returns>Null when allowed; else the refusal (401 for an anonymous caller).</returns>
    public RequestRefusal? CheckCaller(CallerIdentity? caller) => AccessRefusals.Of(UserDataAccess.ForOwnData(caller));

    /// <summary>
    /// Appends a posted usage entry to today's usage, its <c>user</c> set to the caller (or, without identity, to the claimed
    /// user when the entry names none).
    /// </summary>
    /// <param name="entry">The posted JSON object; the user is stamped into it.</param>
    /// <param name="claimedUser">The <c>x-user</c> header; used only when the host identifies nobody.</param>
    /// <param name="caller">The caller; null when the host identifies nobody.</param>
    /// <param name="cancellationToken">Cancels the append.</param>
    /// <returns>
    /// Null when appended; else the refusal (400, nothing written): a <c>model</c>, <c>provider</c> or client-named
    /// <c>user</c> longer than <see cref="UsageCounting.MaxNameBytes"/> UTF-8 bytes, or text that is not valid Unicode.
    /// </returns>
    /// <exception cref="InvalidOperationException">The caller is anonymous (<see cref="CheckCaller"/> refuses it).</exception>
    public async Task<RequestRefusal?> AppendUsageAsync(JsonObject entry, string? claimedUser, CallerIdentity? caller, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entry);
        if (CheckCaller(caller) is not null)
        {
            throw new InvalidOperationException("An anonymous caller has no usage of its own.");
        }

        CallerUsage.StampUser(entry, claimedUser, caller);
        // The names a client chose (the user only when the host identifies nobody; a caller's id is the host's) are bounded,
        // so every stored line can be listed by /stats and no name is kilobytes of a group key.
        foreach (var key in caller is null ? NameKeys : NameKeys[1..])
        {
            if (entry[key] is JsonValue value && value.TryGetValue<string>(out var name) && !UsageCounting.IsWithinNameBound(name))
            {
                return RequestRefusal.Invalid($"{key} is longer than {UsageCounting.MaxNameBytes} bytes", key);
            }
        }

        try
        {
            await _log.AppendUsageAsync(UsageJson.ToUsageLine(entry), cancellationToken).ConfigureAwait(false);
        }
        catch (ArgumentException)
        {
            // A value that is not valid Unicode (an escaped unpaired surrogate; keys were checked when parsed) only fails when written.
            return RequestRefusal.Invalid(InvalidJson);
        }

        return null;
    }

    /// <summary>Appends a client log entry to today's client log as <c>{"origin": ..., ...entry}</c>; an origin in the entry wins.</summary>
    /// <param name="entry">The posted JSON object.</param>
    /// <param name="origin">The request's <c>Origin</c> header; null when absent.</param>
    /// <param name="cancellationToken">Cancels the append.</param>
    /// <returns>False when the entry holds text that is not valid Unicode (nothing was written); true when appended.</returns>
    public async Task<bool> AppendClientLogAsync(JsonObject entry, string? origin, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entry);
        if (!entry.ContainsKey("origin"))
        {
            entry.Insert(0, "origin", origin);
        }

        try
        {
            await _log.AppendClientLogAsync(UsageJson.ToClientLogLine(entry), cancellationToken).ConfigureAwait(false);
        }
        catch (ArgumentException)
        {
            return false;
        }

        return true;
    }

    /// <summary>The usage lines of one day, as stored (JSON lines), the caller's own unless the caller sees everyone's.</summary>
    /// <param name="date">The day as the client sent it, exactly <c>YYYY-MM-DD</c>.</param>
    /// <param name="caller">The caller; null when the host identifies nobody.</param>
    /// <param name="cancellationToken">Cancels the open.</param>
    /// <returns>The lines (the stream is the caller's to dispose), or the refusal (401, invalid date, no data).</returns>
    public async Task<ServiceResult<Stream>> OpenDayAsync(string date, CallerIdentity? caller, CancellationToken cancellationToken = default)
    {
        if (CheckCaller(caller) is { } refusal)
        {
            return refusal;
        }

        if (!UsageQuery.TryParseDate(date, out var day, out var error))
        {
            return RequestRefusal.Invalid(error!);
        }

        return await _usage.OpenDayAsync(day, caller, cancellationToken).ConfigureAwait(false) is { } lines
            ? lines
            : RequestRefusal.NotFound("No usage data found for this date");
    }

    /// <summary>The statistics of the last days: the caller's own, or (for one who sees everyone's) those of <paramref name="user"/> or everyone.</summary>
    /// <param name="days">The <c>days</c> value as the client sent it: an integer, clamped to 1..365; anything else is 30.</param>
    /// <param name="user">The user to filter on; only for a caller who sees everyone's usage.</param>
    /// <param name="caller">The caller; null when the host identifies nobody.</param>
    /// <param name="cancellationToken">Cancels the count.</param>
    /// <returns>The statistics, or the refusal (401).</returns>
    public async Task<ServiceResult<UsageStatistics>> GetStatisticsAsync(string? days, string? user, CallerIdentity? caller, CancellationToken cancellationToken = default)
    {
        if (CheckCaller(caller) is { } refusal)
        {
            return refusal;
        }

        return await _usage.GetStatisticsAsync(UsageQuery.ParseDays(days), user, caller, cancellationToken).ConfigureAwait(false);
    }
}
