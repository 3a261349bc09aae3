namespace G4F.Backend.PostgreSql.Tests.Infrastructure;

/// <summary>
/// The test classes that need PostgreSQL: they share one throwaway cluster (<see cref="PostgreSqlCluster"/>), started
/// once for the run and stopped at its end; each class gets a database of its own.
/// </summary>
[CollectionDefinition(Name)]
public sealed class PostgreSqlCollection : ICollectionFixture<PostgreSqlCluster>
{
    /// <summary>The collection's name.</summary>
    public const string Name = "PostgreSQL";
}
