using System.Diagnostics.CodeAnalysis;
using G4F.Backend.Requests;

namespace G4F.Backend.Buckets;

/// <summary>
/// How an upload's commit ended: what it stored, or a refusal. A commit that failed midway (the server's disk) has both:
/// the <see cref="RefusalKind.Failed"/> refusal and what is in the bucket now.
/// </summary>
public sealed class BucketUploadOutcome
{
    internal BucketUploadOutcome(BucketUploadResult? stored, RequestRefusal? refusal)
    {
        Stored = stored;
        Refusal = refusal;
    }

    /// <summary>What the upload stored, and why other files are missing; null when nothing could be listed.</summary>
    public BucketUploadResult? Stored { get; }

    /// <summary>The refusal; null when the upload was stored.</summary>
    public RequestRefusal? Refusal { get; }

    /// <summary>Whether the upload was stored whole (<see cref="Stored"/> is set, <see cref="Refusal"/> is not).</summary>
    [MemberNotNullWhen(false, nameof(Refusal))]
    [MemberNotNullWhen(true, nameof(Stored))]
    public bool IsStored => Refusal is null && Stored is not null;
}
