using System.Text.Json.Nodes;
using G4F.Backend.Identity;

namespace G4F.Backend.Usage;

/// <summary>
/// The usage log as one caller sees it. Without an identity step (a null caller) every line is everyone's, as in
/// the original. With one, a line records the authenticated user (never a header or body field a client chose),
/// and a caller reads only its own lines unless the host marks it as an administrator.
/// </summary>
internal sealed class CallerUsage(IUsageLog usageLog)
{
    private const string UserKey = "user";

    /// <summary>
    /// Sets the user of a client's usage line (<c>POST /usage</c>): the caller's id, first, replacing any the body
    /// named; without an identity step a body's <c>user</c> wins and <paramref name="claimedUser"/> (the
    /// <c>x-user</c> header) or <c>unknown</c> comes first otherwise, as in the original.
    /// </summary>
    public static void StampUser(JsonObject entry, string? claimedUser, CallerIdentity? caller)
    {
        if (caller is not null)
        {
            entry.Remove(UserKey);
            entry.Insert(0, UserKey, caller.UserId);
        }
        else if (!entry.ContainsKey(UserKey))
        {
            entry.Insert(0, UserKey, string.IsNullOrEmpty(claimedUser) ? UsageCounting.Unknown : claimedUser);
        }
    }

    /// <summary>
    /// The user a conversation turn's usage line names: the caller's id (null for an anonymous caller) when the host
    /// identifies callers, else the request's own <c>user</c> field.
    /// </summary>
    public static string? TurnUser(string? requestUser, CallerIdentity? caller) => caller is null ? requestUser : caller.UserId;

    /// <summary>The lines of <paramref name="date"/> <paramref name="caller"/> may read, or null when there are none.</summary>
    public async Task<Stream?> OpenDayAsync(DateOnly date, CallerIdentity? caller, CancellationToken cancellationToken)
    {
        return await usageLog.OpenUsageDayAsync(date, SeesEveryone(caller) ? null : caller!.UserId, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The statistics <paramref name="caller"/> may see: of <paramref name="user"/> (null or empty: everyone) for
    /// an administrator or without an identity step; always of the caller alone otherwise.
    /// </summary>
    public Task<UsageStatistics> GetStatisticsAsync(int days, string? user, CallerIdentity? caller, CancellationToken cancellationToken) =>
        usageLog.GetStatisticsAsync(days, SeesEveryone(caller) ? (string.IsNullOrEmpty(user) ? null : user) : caller!.UserId, cancellationToken);

    private static bool SeesEveryone(CallerIdentity? caller)
    {
        if (caller is { IsAnonymous: true })
        {
            // The endpoints refuse anonymous callers first; reaching here is a bug, never "show everything".
            throw new InvalidOperationException("An anonymous caller has no usage of its own.");
        }

        return caller is null || caller.IsAdministrator;
    }
}
