using G4F.Backend.Conversations;
using G4F.Backend.Testing;

namespace G4F.Backend.AspNetCore.Tests.Hosting;

/// <summary>Core's and the HTTP package's public surfaces against their baselines (<see cref="PublicApiBaseline"/>).</summary>
public sealed class PublicApiTests
{
    // The entry points live in the framework namespaces (as YARP's do), which the generator skips by default.
    private static readonly string[] EntryPointNamespaces = ["Microsoft.AspNetCore.Builder", "Microsoft.Extensions.DependencyInjection"];

    [Fact]
    public void Core_public_api_matches_its_baseline() =>
        PublicApiBaseline.Compare(typeof(ConversationService).Assembly, "G4F.Backend.Core", EntryPointNamespaces).Should().BeNull();

    [Fact]
    public void AspNetCore_public_api_matches_its_baseline() =>
        PublicApiBaseline.Compare(typeof(Microsoft.AspNetCore.Builder.G4FBackendEndpointRouteBuilderExtensions).Assembly, "G4F.Backend.AspNetCore", EntryPointNamespaces)
            .Should().BeNull();
}
