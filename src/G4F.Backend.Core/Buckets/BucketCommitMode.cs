namespace G4F.Backend.Buckets;

/// <summary>What <see cref="BucketFileCommitter"/> does when the target name is taken.</summary>
internal enum BucketCommitMode
{
    /// <summary>
    /// Store under the first free name of <c>name</c>, <c>name-2</c>, <c>name-3</c>...: an existing (perhaps uploaded)
    /// file is never overwritten.
    /// </summary>
    Unique,

    /// <summary>Replace the existing file, which is an earlier download of the same URL, and drop its stale thumbnail.</summary>
    Replace,
}
