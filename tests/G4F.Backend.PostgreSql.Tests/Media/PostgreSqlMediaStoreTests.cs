using G4F.Backend.Media;
using G4F.Backend.PostgreSql.Media;
using G4F.Backend.PostgreSql.Tests.Infrastructure;
using G4F.Backend.Storage.Contracts;

namespace G4F.Backend.PostgreSql.Tests.Media;

/// <summary>The PostgreSQL media store runs the store contract.</summary>
[Collection(PostgreSqlCollection.Name)]
public sealed class PostgreSqlMediaStoreTests(PostgreSqlCluster cluster) : MediaStoreContract
{
    protected override async ValueTask<IMediaStore> CreateStoreAsync() =>
        new PostgreSqlMediaStore((await cluster.DatabaseForAsync(GetType())).Instance);
}
