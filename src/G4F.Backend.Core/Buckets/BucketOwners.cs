using System.Text.Json;
using G4F.Backend.Identity;
using G4F.Backend.Storage;

namespace G4F.Backend.Buckets;

/// <summary>
/// Who created each bucket folder, for hosts that identify their callers. A bucket and the shared chat of the same
/// id live in one folder (PROTOCOL 6.4, 8), so one record covers both: only its owner may upload into the bucket,
/// post a new version of the share or delete them. The record is <c>owners/&lt;id&gt;.json</c> under the data
/// directory, outside the bucket folder, so no upload, share or read route can write or serve it.
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
internal sealed class BucketOwners(DataPaths paths)
{
    public const string Folder = "owners";

    private const int MaxRecordBytes = 64 * 1024;

    private enum Claim
    {
        None,
        New,
        Replace,
    }

    /// <summary>
    /// The early answer for a write by <paramref name="caller"/> (before its body is read), claiming nothing: the
    /// write decides again under the lock (<see cref="ClaimLocked"/>). A null caller means no identity step: allowed.
    /// </summary>
    public AccessDecision Check(string bucketId, CallerIdentity? caller) => caller is null ? AccessDecision.Allowed : Decide(bucketId, caller).Access;

    /// <summary>
    /// Whether <paramref name="caller"/> may write into the folder of <paramref name="bucketId"/> now, claiming a new id
    /// (or a tombstone an administrator recreates) for the caller. Call it in the step that writes, under the lock.
    /// </summary>
    /// <returns>The decision, and whether a record was written (<see cref="AbandonClaimLocked"/> takes it back when the write fails).</returns>
    public (AccessDecision Access, bool Claimed) ClaimLocked(string bucketId, CallerIdentity? caller)
    {
        if (caller is null)
        {
            return (AccessDecision.Allowed, false);
        }

        var (access, claim) = Decide(bucketId, caller);
        if (access != AccessDecision.Allowed || claim == Claim.None)
        {
            return (access, false);
        }

        // Another process may claim a new id between the decision and the claim: the claim never overwrites a record
        // it did not read, and the winner's record decides.
        return TryClaim(bucketId, caller.UserId!, claim == Claim.Replace) ? (AccessDecision.Allowed, true) : (Decide(bucketId, caller).Access, false);
    }

    /// <summary>Takes back a claim whose write failed before it created the folder, so a failed request reserves no id.</summary>
    public void AbandonClaimLocked(string bucketId)
    {
        if (!Directory.Exists(paths.Combine(DataPaths.Buckets, bucketId)))
        {
            File.Delete(RecordOf(bucketId));
        }
    }

    /// <summary>The decision for a known <paramref name="caller"/> on the existing data of <paramref name="bucketId"/> (a delete).</summary>
    public AccessDecision CheckLocked(string bucketId, CallerIdentity caller) => Decide(bucketId, caller).Access;

    /// <summary>
    /// Whether <paramref name="caller"/> manages <paramref name="bucketId"/>: its owner, an administrator, or anyone
    /// when no identity step is configured (null). A bucket read by anyone else has no side effects.
    /// </summary>
    public bool Manages(string bucketId, CallerIdentity? caller) =>
        caller is null || (!caller.IsAnonymous && (caller.IsAdministrator || caller.Is(ReadOwner(bucketId))));

    private (AccessDecision Access, Claim Claim) Decide(string bucketId, CallerIdentity caller)
    {
        if (caller.IsAnonymous)
        {
            return (AccessDecision.Unauthenticated, Claim.None);
        }

        var exists = Directory.Exists(paths.Combine(DataPaths.Buckets, bucketId));
        if (ReadOwner(bucketId) is { } owner)
        {
            // A record without a folder is a deleted bucket's tombstone: still its owner's. An administrator may
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

    private string RecordOf(string bucketId) => paths.Combine(Folder, bucketId + ".json");

    private string? ReadOwner(string bucketId)
    {
        byte[] bytes;
        try
        {
            using var stream = new FileStream(RecordOf(bucketId), FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete);
            if (stream.Length > MaxRecordBytes)
            {
                throw new InvalidDataException("An owner record is larger than any this server writes.");
            }

            bytes = new byte[stream.Length];
            stream.ReadExactly(bytes);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }

        // A record that cannot be read names nobody, and nobody (not even an administrator) is its owner: failing closed.
        try
        {
            using var document = JsonDocument.Parse(bytes);
            return document.RootElement.TryGetProperty("owner", out var owner) && owner.ValueKind == JsonValueKind.String
                ? owner.GetString()
                : string.Empty;
        }
        catch (JsonException)
        {
            return string.Empty;
        }
    }

    /// <summary>Writes the record (over a tombstone when <paramref name="replace"/>); false when another writer got there first.</summary>
    private bool TryClaim(string bucketId, string userId, bool replace)
    {
        var record = RecordOf(bucketId);
        Directory.CreateDirectory(Path.GetDirectoryName(record)!);
        var temp = record + $".{Guid.NewGuid():N}.tmp";
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            using (var writer = new Utf8JsonWriter(stream))
            {
                writer.WriteStartObject();
                writer.WriteString("owner", userId);
                writer.WriteEndObject();
                writer.Flush();
                stream.Flush(flushToDisk: true);
            }

            // A new id: a move that never overwrites, so the record appears whole and exactly one claim wins.
            File.Move(temp, record, overwrite: replace);
            return true;
        }
        catch (IOException) when (!replace && File.Exists(record))
        {
            return false;
        }
        finally
        {
            File.Delete(temp);
        }
    }
}
