namespace G4F.Backend.Buckets;

/// <summary>An upload went over one of the <see cref="BucketOptions"/> limits (413); the message names the limit, never a path.</summary>
internal sealed class BucketLimitException(string message) : Exception(message);
