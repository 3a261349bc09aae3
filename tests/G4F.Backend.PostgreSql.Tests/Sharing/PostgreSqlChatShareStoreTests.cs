using G4F.Backend.PostgreSql.Sharing;
using G4F.Backend.PostgreSql.Tests.Infrastructure;
using G4F.Backend.Sharing;
using G4F.Backend.Storage.Contracts;

namespace G4F.Backend.PostgreSql.Tests.Sharing;

/// <summary>The PostgreSQL share store runs the store contract; each call gets a store of its own instance, so writers race across data sources.</summary>
[Collection(PostgreSqlCollection.Name)]
public sealed class PostgreSqlChatShareStoreTests(PostgreSqlCluster cluster) : ChatShareStoreContract
{
    protected override async ValueTask<IChatShareStore> CreateStoreAsync() =>
        new PostgreSqlChatShareStore((await cluster.DatabaseForAsync(GetType())).Instance);
}
