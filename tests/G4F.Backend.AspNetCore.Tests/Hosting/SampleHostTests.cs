using System.Text.Json;
using G4F.Backend.AspNetCore.Tests.Infrastructure;
using G4F.Backend.Testing;

namespace G4F.Backend.AspNetCore.Tests.Hosting;

/// <summary>The sample server as shipped: its appsettings.json, CORS, configuration errors at start.</summary>
public sealed class SampleHostTests
{
    [Fact]
    public async Task The_shipped_configuration_starts_offline_and_lists_its_providers()
    {
        await using var factory = new ShippedSample();

        using var providers = JsonDocument.Parse(await factory.CreateClient().GetStringAsync("/backend-api/v2/providers"));

        providers.RootElement.EnumerateArray().Select(p => p.GetProperty("name").GetString()).Should().Contain(["Pollinations", "Ollama"]);
    }

    [Fact]
    public async Task Providers_from_environment_style_keys_work_without_code()
    {
        await using var upstream = await FakeUpstream.StartAsync();
        await using var factory = new BackendFactory(new Dictionary<string, string?>
        {
            // The same keys G4F__Providers__Local__Type=... produce from environment variables.
            ["G4F:Providers:Local:Type"] = "OpenAICompatible",
            ["G4F:Providers:Local:BaseUrl"] = upstream.OpenAIBaseUrl,
        });

        var transcript = await factory.CreateClient().ConverseAsync("""{"model":"fake-model","messages":[{"role":"user","content":"Hi"}]}""");

        transcript.Content.Should().Be("Hello world");
    }

    [Theory]
    [InlineData("G4F:Providers:Bad:Type", "Banana", "G4F:Providers:Bad:Type")]
    [InlineData("G4F:Providers:Bad:BaseUrl", "not a url", "G4F:Providers:Bad:BaseUrl")]
    [InlineData("G4F:Providers:Bad:BaseUrl", "ftp://example.com/v1", "G4F:Providers:Bad:BaseUrl")]
    [InlineData("G4F:Providers:Bad:Timeouts:Idle", "-00:00:01", "G4F:Providers:Bad:Timeouts:Idle")]
    [InlineData("G4F:Providers:Bad:Timeouts:Idle", "100.00:00:00", "G4F:Providers:Bad:Timeouts:Idle")]
    [InlineData("G4F:Providers:Bad:Priority", "first", "G4F:Providers:Bad:Priority")]
    [InlineData("G4F:ModelCacheDuration", "bogus", "G4F:ModelCacheDuration")]
    public void Invalid_configuration_fails_at_start_naming_the_key(string key, string value, string named)
    {
        var settings = new Dictionary<string, string?> { ["G4F:Providers:Bad:BaseUrl"] = "http://127.0.0.1:9/v1", [key] = value };
        using var factory = new BackendFactory(settings);

        var start = () => factory.CreateClient();

        start.Should().Throw<Exception>().Where(e => e.ToString().Contains(named), $"the failure names {named}");
    }
}
