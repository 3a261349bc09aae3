using G4F.Backend.Identity;

namespace G4F.Backend.Buckets;

/// <summary>A write into a bucket refused at its commit (the owner rules of <see cref="BucketOwners"/>); nothing was written.</summary>
internal sealed class BucketAccessDeniedException(AccessDecision decision) : Exception("The caller may not write into this bucket.")
{
    public AccessDecision Decision { get; } = decision;
}
