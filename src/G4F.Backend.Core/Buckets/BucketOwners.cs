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
/// owns it) may create it again. A folder that exists without a record was created before identity was configured:
/// nobody can prove they made it, so no ordinary user may write to it or delete it; administrators may. Reading stays
/// open to everyone: share links and the client's bucket reads carry no credentials. Callers hold the id's
/// <see cref="BucketLocks"/> lock for every method named <c>...Locked</c>.
/// </remarks>
internal sealed class BucketOwners(IBucketStore store)
{
    private enum Claim
    {
        None,
        New,
        Replace,
    }

    /// <summary>
    /// The early answer for a write by <paramref name="caller"/> (before its body is read), claiming nothing: the
    /// write decides again under the lock (<see cref="ClaimLockedAsync"/>). A null caller means no identity step: allowed.
    /// </summary>
    public async Task<AccessDecision> CheckAsync(string bucketId, CallerIdentity? caller, CancellationToken cancellationToken) =>
        caller is null ? AccessDecision.Allowed : (await DecideAsync(bucketId, caller, cancellationToken).ConfigureAwait(false)).Access;

    /// <summary>
    /// Whether <paramref name="caller"/> may write into the bucket <paramref name="bucketId"/> now, claiming a new id
    /// (or a tombstone an administrator recreates) for the caller. Call it in the step that writes, under the lock.
    /// </summary>
    /// <returns>The decision, and whether a record was written (<see cref="AbandonClaimLockedAsync"/> takes it back when the write fails).</returns>
    public async Task<(AccessDecision Access, bool Claimed)> ClaimLockedAsync(string bucketId, CallerIdentity? caller, CancellationToken cancellationToken)
    {
        if (caller is null)
        {
            return (AccessDecision.Allowed, false);
        }

        var (access, claim) = await DecideAsync(bucketId, caller, cancellationToken).ConfigureAwait(false);
        if (access != AccessDecision.Allowed || claim == Claim.None)
        {
            return (access, false);
        }

        // Another instance may claim a new id between the decision and the claim: the claim never overwrites a record
        // it did not read, and the winner's record decides.
        return await store.ClaimOwnerAsync(bucketId, caller.UserId!, claim == Claim.Replace, cancellationToken).ConfigureAwait(false)
            ? (AccessDecision.Allowed, true)
            : ((await DecideAsync(bucketId, caller, cancellationToken).ConfigureAwait(false)).Access, false);
    }

    /// <summary>Takes back a claim whose write failed before it created the bucket, so a failed request reserves no id.</summary>
    public async Task AbandonClaimLockedAsync(string bucketId, CancellationToken cancellationToken)
    {
        if (!await store.ExistsAsync(bucketId, cancellationToken).ConfigureAwait(false))
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

    private async Task<(AccessDecision Access, Claim Claim)> DecideAsync(string bucketId, CallerIdentity caller, CancellationToken cancellationToken)
    {
        if (caller.IsAnonymous)
        {
            return (AccessDecision.Unauthenticated, Claim.None);
        }

        var exists = await store.ExistsAsync(bucketId, cancellationToken).ConfigureAwait(false);
        if (await store.ReadOwnerAsync(bucketId, cancellationToken).ConfigureAwait(false) is { } owner)
        {
            // A record without a bucket is a deleted bucket's tombstone: still its owner's. An administrator may
            // recreate it and then owns it; an unreadable record ("") is nobody's, not even an administrator's.
            return caller.Is(owner) ? (AccessDecision.Allowed, Claim.None)
                : caller.IsAdministrator && !exists && owner.Length > 0 ? (AccessDecision.Allowed, Claim.Replace)
                : (AccessDecision.Forbidden, Claim.None);
        }

        if (exists)
        {
            // Created before identity was configured: an administrator's to manage, nobody's to take over.
            return caller.IsAdministrator ? (AccessDecision.Allowed, Claim.None) : (AccessDecision.Forbidden, Claim.None);
        }

        return (AccessDecision.Allowed, Claim.New);
    }
}
