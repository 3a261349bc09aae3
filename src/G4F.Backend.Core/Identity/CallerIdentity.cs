using System.Diagnostics.CodeAnalysis;

namespace G4F.Backend.Identity;

/// <summary>
/// Who made a request, as the host's identity step named the caller: the user id the backend's per-user data
/// (memory, usage lines, bucket and share owners) belongs to, and whether the caller administers the server.
/// </summary>
/// <remarks>
/// A null, empty or blank user id is an anonymous caller. So is <c>unknown</c>: it is the name the usage
/// statistics give to lines without a user, and a caller of that name would see them as its own. An anonymous
/// caller is never an administrator.
/// </remarks>
public sealed record CallerIdentity
{
    /// <summary>The user name of usage lines without a user; never a caller's id.</summary>
    internal const string ReservedUserId = "unknown";

    /// <summary>Creates the identity of one caller.</summary>
    /// <param name="userId">The caller's user id; null, blank or <c>unknown</c> for an anonymous caller.</param>
    /// <param name="isAdministrator">Whether the caller may read every user's usage (ignored for an anonymous caller).</param>
    public CallerIdentity(string? userId, bool isAdministrator = false)
    {
        UserId = string.IsNullOrWhiteSpace(userId) || string.Equals(userId, ReservedUserId, StringComparison.Ordinal) ? null : userId;
        IsAdministrator = isAdministrator && UserId is not null;
    }

    /// <summary>An anonymous caller.</summary>
    public static CallerIdentity Anonymous { get; } = new((string?)null);

    /// <summary>The caller's user id, compared ordinally; null for an anonymous caller.</summary>
    public string? UserId { get; }

    /// <summary>Whether the caller administers the server (sees every user's usage).</summary>
    public bool IsAdministrator { get; }

    /// <summary>Whether the caller is anonymous (no user id).</summary>
    [MemberNotNullWhen(false, nameof(UserId))]
    public bool IsAnonymous => UserId is null;

    /// <summary>Whether this caller is the user <paramref name="userId"/> (ordinal comparison).</summary>
    internal bool Is(string? userId) => UserId is not null && string.Equals(UserId, userId, StringComparison.Ordinal);
}
