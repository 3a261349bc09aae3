using G4F.Backend.Providers;
using G4F.Backend.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace G4F.Backend.Core.Tests.Providers;

/// <summary>A provider's HTTP client runs without the factory's logging handlers; a host's own clients keep them.</summary>
public sealed class ProviderClientLoggingTests
{
    [Fact]
    public async Task Provider_clients_skip_the_factorys_logging_handlers_and_other_clients_keep_them()
    {
        await using var upstream = await FakeUpstream.StartAsync();
        var collection = new ServiceCollection();
        collection.AddLogging(b => b.SetMinimumLevel(LogLevel.Trace));
        collection.AddFakeLogging();
        collection.AddG4FBackend(o => o.Providers["Fake"] = new ProviderOptions { Type = ProviderType.OpenAICompatible, BaseUrl = upstream.OpenAIBaseUrl });
        collection.AddHttpClient("HostOwn");
        await using var services = collection.BuildServiceProvider();
        var factory = services.GetRequiredService<IHttpClientFactory>();
        var models = new Uri(upstream.OpenAIBaseUrl + "/models");

        using (await factory.CreateClient(UpstreamHttpClients.ForProvider("Fake")).GetAsync(models))
        using (await factory.CreateClient("HostOwn").GetAsync(models))
        {
        }

        var categories = services.GetFakeLogCollector().GetSnapshot().Select(r => r.Category).Distinct().ToList();
        categories.Should().Contain(c => c != null && c.StartsWith("System.Net.Http.HttpClient.HostOwn", StringComparison.Ordinal));
        categories.Should().NotContain(c => c != null && c.StartsWith("System.Net.Http.HttpClient." + UpstreamHttpClients.ProviderPrefix, StringComparison.Ordinal));
    }
}
