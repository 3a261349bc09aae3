namespace G4F.Backend.Buckets;

/// <summary>What a write's ownership decision (<see cref="BucketOwners.ClaimLockedAsync"/>) asks of the owner record.</summary>
internal enum BucketClaim
{
    /// <summary>Nothing: the caller owns the id already, manages it as an administrator, or no identity step runs.</summary>
    None,

    /// <summary>A new id, claimed before the write: of two writers racing for it exactly one wins.</summary>
    New,

    /// <summary>
    /// An administrator recreating a deleted bucket's tombstone: recorded only once the write has stored something
    /// (<see cref="BucketOwners.CompleteClaimLockedAsync"/>), so the previous owner's record is never touched before.
    /// </summary>
    Takeover,
}
