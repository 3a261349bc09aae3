using G4F.Backend.FrontDoors;
using G4F.Backend.Providers;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace G4F.Backend.Core.Tests.Configuration;

/// <summary>
/// A host whose modules each call <c>AddG4FBackend(section)</c> gets one backend with its configuration as written:
/// binding a section twice appended every list again (33 valid keys became 66 and stopped the host at start).
/// </summary>
public sealed class RepeatedRegistrationTests
{
    private static readonly IConfiguration Configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
    {
        ["G4F:DataDirectory"] = Path.Combine(Path.GetTempPath(), "g4f-tests", "repeated"),
        ["G4F:LatestVersionUrl"] = string.Empty,
        ["G4F:Providers:P:BaseUrl"] = "http://127.0.0.1:9/v1",
        ["G4F:Providers:P:Models:0"] = "m1",
        ["G4F:OpenAI:ApiKeys:0"] = "key-12345678",
        ["G4F:Downloads:AllowedNetworks:0"] = "10.1.0.0/16",
    }).Build();

    [Fact]
    public void The_same_section_added_twice_is_bound_once()
    {
        var services = new ServiceCollection();
        services.AddG4FBackend(Configuration.GetSection("G4F"));
        services.AddG4FBackend(Configuration.GetSection("G4F"));
        using var provider = services.BuildServiceProvider();

        provider.GetRequiredService<IOptions<ProviderCatalogOptions>>().Value.Providers["P"].Models.Should().Equal("m1");
        provider.GetRequiredService<IOptions<OpenAIFrontDoorOptions>>().Value.ApiKeys.Should().Equal("key-12345678");
        provider.GetServices<IValidateOptions<ProviderCatalogOptions>>().OfType<ProviderConfigurationValidator>().Should().ContainSingle();
    }

    [Fact]
    public void A_second_call_in_code_still_configures_the_bound_section()
    {
        var services = new ServiceCollection();
        services.AddG4FBackend(Configuration.GetSection("G4F"));
        services.AddG4FBackend(o => o.OpenAI.ApiKeys.Add("key-87654321"));
        using var provider = services.BuildServiceProvider();

        provider.GetRequiredService<IOptions<OpenAIFrontDoorOptions>>().Value.ApiKeys.Should().Equal("key-12345678", "key-87654321");
        provider.GetRequiredService<IOptions<ProviderCatalogOptions>>().Value.Providers["P"].Models.Should().Equal("m1");
    }
}
