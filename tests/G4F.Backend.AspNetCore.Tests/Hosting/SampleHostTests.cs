using System.Net;
using System.Text.Json;
using G4F.Backend.AspNetCore.Tests.Infrastructure;
using G4F.Backend.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

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
    public async Task Cors_preflight_from_any_origin_is_allowed_with_credentials()
    {
        await using var factory = new ShippedSample();
        using var request = new HttpRequestMessage(HttpMethod.Options, "/backend-api/v2/conversation");
        request.Headers.Add("Origin", "http://localhost:1337");
        request.Headers.Add("Access-Control-Request-Method", "POST");
        request.Headers.Add("Access-Control-Request-Headers", "content-type,x-user,x-api-key");

        using var response = await factory.CreateClient().SendAsync(request);

        response.StatusCode.Should().Be(HttpStatusCode.NoContent);
        response.Headers.GetValues("Access-Control-Allow-Origin").Should().Equal("http://localhost:1337");
        response.Headers.GetValues("Access-Control-Allow-Credentials").Should().Equal("true");
        string.Join(",", response.Headers.GetValues("Access-Control-Allow-Headers")).Should().Contain("x-api-key");
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

    /// <summary>The sample with its own appsettings.json (only the version lookup is turned off: no network here).</summary>
    private sealed class ShippedSample : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.ConfigureAppConfiguration((_, configuration) => configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["G4F:LatestVersionUrl"] = string.Empty,
                ["G4F:DataDirectory"] = Path.Combine(Path.GetTempPath(), "g4f-tests", Guid.NewGuid().ToString("N")),
            }));
            builder.ConfigureLogging(logging => logging.ClearProviders());
        }
    }
}
