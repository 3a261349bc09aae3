using G4F.Backend.Buckets;
using G4F.Backend.PostgreSql.Buckets;
using G4F.Backend.PostgreSql.Storage;
using G4F.Backend.PostgreSql.Tests.Infrastructure;
using G4F.Backend.Storage;
using G4F.Backend.Storage.Contracts;

namespace G4F.Backend.PostgreSql.Tests.Buckets;

/// <summary>The PostgreSQL bucket store runs the store contract, each store on an instance of its own over one database.</summary>
[Collection(PostgreSqlCollection.Name)]
public sealed class PostgreSqlBucketStoreTests(PostgreSqlCluster cluster) : BucketStoreContract
{
    protected override async ValueTask<(IBucketStore Store, IStorageLock Lock)> CreateStoreAsync()
    {
        var database = await cluster.DatabaseForAsync(GetType());
        return (new PostgreSqlBucketStore(database.NewInstance()), new PostgreSqlStorageLock(database.NewInstance()));
    }
}
