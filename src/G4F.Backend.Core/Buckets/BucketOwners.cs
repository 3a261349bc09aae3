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
/// The first writer of an id that has no folder yet becomes its owner. A folder that exists without a record was
/// created before identity was configured: nobody can prove they made it, so no ordinary user may write to it or
/// delete it (that would let the first caller to guess an id take another user's data over); administrators may.
/// Reading stays open to everyone: share links and the client's bucket reads carry no credentials.
/// Callers hold the id's <see cref="BucketLocks"/> lock for every method named <c>...Locked</c>.
/// </remarks>
internal sealed class BucketOwners(DataPaths paths, BucketLocks locks)
{
    public const string Folder = "owners";

    private const int MaxRecordBytes = 64 * 1024;

    /// <summary>
    /// Whether <paramref name="caller"/> may write into the folder of <paramref name="bucketId"/> (upload, share);
    /// a new id is claimed for the caller. A null caller means no identity step: everything is open.
    /// </summary>
    public async Task<AccessDecision> AuthorizeWriteAsync(string bucketId, CallerIdentity? caller, CancellationToken cancellationToken)
    {
        if (caller is null || caller.IsAnonymous)
        {
            return caller is null ? AccessDecision.Allowed : AccessDecision.Unauthenticated;
        }

        var gate = locks.For(bucketId);
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var decision = CheckLocked(bucketId, caller, out var unclaimed);
            // Another process may claim the id between the check and the claim: the claim never overwrites, and the
            // winner's record decides.
            return unclaimed && !TryClaim(bucketId, caller.UserId) ? CheckLocked(bucketId, caller, out _) : decision;
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>
    /// The decision for a known <paramref name="caller"/> on <paramref name="bucketId"/>; <paramref name="unclaimed"/>
    /// is true when the id has neither a record nor a folder (a new bucket, the caller may claim it).
    /// </summary>
    public AccessDecision CheckLocked(string bucketId, CallerIdentity caller, out bool unclaimed)
    {
        unclaimed = false;
        if (caller.IsAnonymous)
        {
            return AccessDecision.Unauthenticated;
        }

        if (ReadOwner(bucketId) is { } owner)
        {
            return caller.Is(owner) ? AccessDecision.Allowed : AccessDecision.Forbidden;
        }

        if (Directory.Exists(paths.Combine(DataPaths.Buckets, bucketId)))
        {
            // Created before identity was configured: an administrator's to manage, nobody's to take over.
            return caller.IsAdministrator ? AccessDecision.Allowed : AccessDecision.Forbidden;
        }

        unclaimed = true;
        return AccessDecision.Allowed;
    }

    /// <summary>Removes the record of <paramref name="bucketId"/> (its folder was deleted): the id is free again.</summary>
    public void ForgetLocked(string bucketId)
    {
        try
        {
            File.Delete(RecordOf(bucketId));
        }
        catch (DirectoryNotFoundException)
        {
        }
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

    /// <summary>Writes the record unless one exists; false when another writer got there first.</summary>
    private bool TryClaim(string bucketId, string userId)
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

            // A move that never overwrites: the record appears whole, and exactly one claim of an id wins.
            File.Move(temp, record, overwrite: false);
            return true;
        }
        catch (IOException) when (File.Exists(record))
        {
            return false;
        }
        finally
        {
            File.Delete(temp);
        }
    }
}
