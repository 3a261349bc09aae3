using G4F.Backend.Identity;

namespace G4F.Backend.Buckets;

/// <summary>
/// Who created each bucket folder, for hosts that identify their callers. A bucket and the shared chat of the same
/// id live in one folder (PROTOCOL 6.4, 8), so one record covers both: only its owner may upload into the bucket,
/// post a new version of the share or delete them. The record is the <see cref="IBucketStore"/>'s owner record, kept
/// apart from the bucket's files, so no upload, share or read route can write or serve it.
/// </summary>
/// <remarks>
/// An id is claimed by the write that first creates its folder, in the same step under the bucket lock: a request
/// refused or broken before that claims nothing. Deleting a bucket keeps its record as a tombstone, so a public share
/// link that once named the id can never be taken over by another user; its owner (or an administrator, who then
/// owns it) may create it again. An administrator's record replaces the tombstone only after the recreating write
/// stored something, so a write that fails or a process that dies midway leaves the id its owner's. A folder that exists without a record was created before identity was configured:
/// nobody can prove they made it, so no ordinary user may write to it or delete it; administrators may. Reading stays
/// open to everyone: share links and the client's bucket reads carry no credentials. Callers hold the id's
/// <see cref="BucketLocks"/> lock for every method named <c>...Locked</c>.
/// </remarks>
internal sealed class BucketOwners(IBucketStore store)
{
    /// <summary>
    /// The early answer for a write by <paramref name="caller"/> (before its body is read), claiming nothing: the
    /// write decides again under the lock (<see cref="ClaimLockedAsync"/>). A null caller means no identity step: allowed.
    /// </summary>
    public async Task<AccessDecision> CheckAsync(string bucketId, CallerIdentity? caller, CancellationToken cancellationToken) =>
        caller is null ? AccessDecision.Allowed : (await DecideAsync(bucketId, caller, cancellationToken).ConfigureAwait(false)).Access;

    /// <summary>
    /// Whether <paramref name="caller"/> may write into the bucket <paramref name="bucketId"/> now, claiming a new id for
    /// the caller. Call it in the step that writes, under the lock; after the write, <see cref="CompleteClaimLockedAsync"/>
    /// when it stored something, else <see cref="AbandonClaimLockedAsync"/>.
    /// </summary>
    /// <returns>
    /// The decision, and the claim: <see cref="BucketClaim.New"/> is written now, <see cref="BucketClaim.Takeover"/>
    /// (an administrator recreating a tombstone) only by <see cref="CompleteClaimLockedAsync"/>.
    /// </returns>
    public async Task<(AccessDecision Access, BucketClaim Claim)> ClaimLockedAsync(string bucketId, CallerIdentity? caller, CancellationToken cancellationToken)
    {
        if (caller is null)
        {
            return (AccessDecision.Allowed, BucketClaim.None);
        }

        var (access, claim) = await DecideAsync(bucketId, caller, cancellationToken).ConfigureAwait(false);
        if (access != AccessDecision.Allowed || claim != BucketClaim.New)
        {
            // A takeover replaces the tombstone's record only after the write: a write that fails, or a process that
            // dies before the write is done, leaves the id its owner's, never without a record another user could claim.
            return (access, claim);
        }

        // Another instance may claim a new id between the decision and the claim: the claim never overwrites a record
        // it did not read, and the winner's record decides.
        return await store.ClaimOwnerAsync(bucketId, caller.UserId!, replace: false, cancellationToken).ConfigureAwait(false)
            ? (AccessDecision.Allowed, BucketClaim.New)
            : ((await DecideAsync(bucketId, caller, cancellationToken).ConfigureAwait(false)).Access, BucketClaim.None);
    }

    /// <summary>Records an administrator's takeover (<see cref="BucketClaim.Takeover"/>) once its write has stored something.</summary>
    public async Task CompleteClaimLockedAsync(string bucketId, CallerIdentity? caller, BucketClaim claim, CancellationToken cancellationToken)
    {
        if (claim == BucketClaim.Takeover)
        {
            await store.ClaimOwnerAsync(bucketId, caller!.UserId!, replace: true, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Takes back a new id's claim whose write failed before it created the bucket, so a failed request reserves no id.
    /// A takeover wrote nothing yet, and any other record is someone's: only a claim this request made goes.
    /// </summary>
    public async Task AbandonClaimLockedAsync(string bucketId, BucketClaim claim, CancellationToken cancellationToken)
    {
        if (claim == BucketClaim.New && !await store.ExistsAsync(bucketId, cancellationToken).ConfigureAwait(false))
        {
            await store.DeleteOwnerAsync(bucketId, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The decision for a known <paramref name="caller"/> on the existing data of <paramref name="bucketId"/> (a delete).</summary>
    public async Task<AccessDecision> CheckLockedAsync(string bucketId, CallerIdentity caller, CancellationToken cancellationToken) =>
        (await DecideAsync(bucketId, caller, cancellationToken).ConfigureAwait(false)).Access;

    /// <summary>
    /// Whether <paramref name="caller"/> manages <paramref name="bucketId"/>: its owner, an administrator, or anyone
    /// when no identity step is configured (null). A bucket read by anyone else has no side effects.
    /// </summary>
    public async Task<bool> ManagesAsync(string bucketId, CallerIdentity? caller, CancellationToken cancellationToken) =>
        caller is null || (!caller.IsAnonymous && (caller.IsAdministrator || caller.Is(await store.ReadOwnerAsync(bucketId, cancellationToken).ConfigureAwait(false))));

    private async Task<(AccessDecision Access, BucketClaim Claim)> DecideAsync(string bucketId, CallerIdentity caller, CancellationToken cancellationToken)
    {
        if (caller.IsAnonymous)
        {
            return (AccessDecision.Unauthenticated, BucketClaim.None);
        }

        var exists = await store.ExistsAsync(bucketId, cancellationToken).ConfigureAwait(false);
        if (await store.ReadOwnerAsync(bucketId, cancellationToken).ConfigureAwait(false) is { } owner)
        {
            // A record without a bucket is a deleted bucket's tombstone: still its owner's. An administrator may
            // recreate it and then owns it; an unreadable record ("") is nobody's, not even an administrator's.
            return caller.Is(owner) ? (AccessDecision.Allowed, BucketClaim.None)
                : caller.IsAdministrator && !exists && owner.Length > 0 ? (AccessDecision.Allowed, BucketClaim.Takeover)
                : (AccessDecision.Forbidden, BucketClaim.None);
        }

        if (exists)
        {
            // Created before identity was configured: an administrator's to manage, nobody's to take over.
            return caller.IsAdministrator ? (AccessDecision.Allowed, BucketClaim.None) : (AccessDecision.Forbidden, BucketClaim.None);
        }

        return (AccessDecision.Allowed, BucketClaim.New);
    }
}
