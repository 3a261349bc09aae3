using G4F.Backend.AspNetCore.Tests.Infrastructure;
using G4F.Backend.Testing;
using Snapshooter.Xunit;

namespace G4F.Backend.AspNetCore.Tests.OpenAI;

/// <summary><c>GET /v1/models</c>: every routable model once, in OpenAI's list shape, read by the SDK and as raw JSON.</summary>
public sealed class OpenAIModelsTests : IAsyncLifetime
{
    private FakeUpstream _first = null!;
    private FakeUpstream _second = null!;

    public async Task InitializeAsync()
    {
        _first = await FakeUpstream.StartAsync();
        _second = await FakeUpstream.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _first.DisposeAsync();
        await _second.DisposeAsync();
    }

    [Fact]
    public async Task Every_routable_model_is_listed_once()
    {
        _first.Models = ["alpha", "shared"];
        _second.Models = ["shared", "beta"];
        await using var factory = new BackendFactory(BackendFactory.Merge(
            BackendFactory.OpenAIProvider("First", _first.OpenAIBaseUrl, priority: 2),
            BackendFactory.OpenAIProvider("Second", _second.OpenAIBaseUrl, priority: 1)));

        var models = (await OpenAISdkHost.Client(factory).GetOpenAIModelClient().GetModelsAsync()).Value;

        models.Select(m => m.Id).Should().BeEquivalentTo(["alpha", "shared", "beta"]);
        models.Single(m => m.Id == "beta").OwnedBy.Should().Be("Second");
        using var response = await factory.CreateClient().GetAsync("/v1/models");
        (await response.Content.ReadAsStringAsync()).MatchSnapshot();
    }
}
