using G4F.Backend.Buckets;
using G4F.Backend.PostgreSql.Buckets;
using G4F.Backend.PostgreSql.Schema;
using G4F.Backend.Storage;

namespace G4F.Backend.PostgreSql.Guarded;

/// <summary><see cref="PostgreSqlBucketStore"/> whose errors of a server that cannot serve now are unavailability (<see cref="StatementFailures"/>).</summary>
internal sealed class GuardedBucketStore(PostgreSqlBucketStore inner, PostgreSqlDatabase database) : IBucketStore
{
    public Task<bool> ExistsAsync(string bucketId, CancellationToken cancellationToken) =>
        StatementFailures.RunAsync(database, inner.ExistsAsync(bucketId, cancellationToken));

    public Task<long> GetSizeAsync(string bucketId, CancellationToken cancellationToken) =>
        StatementFailures.RunAsync(database, inner.GetSizeAsync(bucketId, cancellationToken));

    public Task<StoredBlob?> OpenReadAsync(BucketFileKey key, CancellationToken cancellationToken) =>
        StatementFailures.RunAsync(database, inner.OpenReadAsync(key, cancellationToken));

    public Task<BucketEntry?> GetInfoAsync(BucketFileKey key, CancellationToken cancellationToken) =>
        StatementFailures.RunAsync(database, inner.GetInfoAsync(key, cancellationToken));

    public Task<BucketEntry> WriteAsync(BucketFileKey key, Stream content, CancellationToken cancellationToken) =>
        StatementFailures.RunAsync(database, inner.WriteAsync(key, content, cancellationToken));

    public Task<bool> DeleteAsync(BucketFileKey key, CancellationToken cancellationToken) =>
        StatementFailures.RunAsync(database, inner.DeleteAsync(key, cancellationToken));

    public IAsyncEnumerable<BucketEntry> ListAsync(string bucketId, BucketArea area, CancellationToken cancellationToken) =>
        StatementFailures.EnumerateAsync(database, inner.ListAsync(bucketId, area, cancellationToken), cancellationToken);

    public Task<bool> DeleteBucketAsync(string bucketId, CancellationToken cancellationToken) =>
        StatementFailures.RunAsync(database, inner.DeleteBucketAsync(bucketId, cancellationToken));

    public Task<string?> ReadOwnerAsync(string bucketId, CancellationToken cancellationToken) =>
        StatementFailures.RunAsync(database, inner.ReadOwnerAsync(bucketId, cancellationToken));

    public Task<bool> ClaimOwnerAsync(string bucketId, string userId, bool replace, CancellationToken cancellationToken) =>
        StatementFailures.RunAsync(database, inner.ClaimOwnerAsync(bucketId, userId, replace, cancellationToken));

    public Task<bool> DeleteOwnerAsync(string bucketId, CancellationToken cancellationToken) =>
        StatementFailures.RunAsync(database, inner.DeleteOwnerAsync(bucketId, cancellationToken));
}
