using G4F.Backend.Testing;

namespace G4F.Backend.PostgreSql.Tests;

/// <summary>The PostgreSQL package's public surface against its baseline (<see cref="PublicApiBaseline"/>).</summary>
public sealed class PublicApiTests
{
    [Fact]
    public void PostgreSql_public_api_matches_its_baseline() =>
        // The builder step lives in the framework namespace, which the generator skips by default.
        PublicApiBaseline.Compare(typeof(Microsoft.Extensions.DependencyInjection.G4FBackendPostgreSqlBuilderExtensions).Assembly, "G4F.Backend.PostgreSql", "Microsoft.Extensions.DependencyInjection")
            .Should().BeNull();
}
