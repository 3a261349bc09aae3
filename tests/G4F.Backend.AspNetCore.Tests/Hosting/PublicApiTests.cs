using G4F.Backend.Conversations;
using PublicApiGenerator;
using Snapshooter.Xunit;

namespace G4F.Backend.AspNetCore.Tests.Hosting;

/// <summary>Any change to the public surface of the packages shows up in review as a snapshot diff.</summary>
public sealed class PublicApiTests
{
    private static readonly ApiGeneratorOptions Options = new()
    {
        IncludeAssemblyAttributes = false,
        // The entry points live in the framework namespaces (as YARP's do), which the generator skips by default.
        AllowNamespacePrefixes = ["Microsoft.AspNetCore.Builder", "Microsoft.Extensions.DependencyInjection"],
    };

    [Fact]
    public void Core_public_api_is_unchanged() =>
        typeof(ConversationService).Assembly.GeneratePublicApi(Options).Split('\n').MatchSnapshot();

    [Fact]
    public void AspNetCore_public_api_is_unchanged() =>
        typeof(Microsoft.AspNetCore.Builder.G4FBackendEndpointRouteBuilderExtensions).Assembly.GeneratePublicApi(Options).Split('\n').MatchSnapshot();
}
