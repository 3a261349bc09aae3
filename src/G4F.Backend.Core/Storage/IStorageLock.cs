namespace G4F.Backend.Storage;

/// <summary>
/// Serializes the writers of one stored resource (a bucket, a share, a day of usage, the cookie file). The embedded
/// default holds the lock inside this process; a store shared by several instances replaces it with a lock that holds
/// across all of them (register it with <c>UseStorageLock</c> on the backend builder).
/// </summary>
public interface IStorageLock
{
    /// <summary>
    /// Waits until the caller alone holds the lock of <paramref name="resource"/>; disposing the result releases it.
    /// Resource names are compared without regard to case, because on a case-insensitive file system two such names
    /// are one folder.
    /// </summary>
    /// <param name="resource">A stable name such as <c>bucket/{id}</c>; the store that writes the resource chooses it.</param>
    /// <param name="cancellationToken">Stops the wait (the lock is then not held).</param>
    /// <returns>The held lock.</returns>
    ValueTask<IAsyncDisposable> AcquireAsync(string resource, CancellationToken cancellationToken);
}
