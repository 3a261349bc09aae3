using System.ClientModel;
using System.Net;
using System.Text.Json;
using G4F.Backend.AspNetCore.Tests.Infrastructure;
using G4F.Backend.Testing;
using Snapshooter.Xunit;

namespace G4F.Backend.AspNetCore.Tests.OpenAI;

/// <summary>
/// <c>GET /v1/models</c>: every routable model once, in OpenAI's list shape; <c>GET /v1/models/{id}</c>: one of them. Read by
/// the SDK and as raw JSON.
/// </summary>
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

    [Theory]
    [InlineData("gpt-4.1")]
    [InlineData("meta-llama/llama-3")]
    public async Task A_model_is_retrieved_by_id_with_the_card_of_the_list(string id)
    {
        _first.Models = ["alpha"];
        _second.Models = ["gpt-4.1", "meta-llama/llama-3"];
        await using var factory = new BackendFactory(BackendFactory.Merge(
            BackendFactory.OpenAIProvider("First", _first.OpenAIBaseUrl, priority: 2),
            BackendFactory.OpenAIProvider("Second", _second.OpenAIBaseUrl, priority: 1)));

        // The SDK escapes the id as one path segment (a slash as %2F); Python's models.retrieve sends it as it is.
        var model = (await OpenAISdkHost.Client(factory).GetOpenAIModelClient().GetModelAsync(id)).Value;
        using var raw = await factory.CreateClient().GetAsync("/v1/models/" + id);

        model.Id.Should().Be(id);
        model.OwnedBy.Should().Be("Second");
        raw.StatusCode.Should().Be(HttpStatusCode.OK);
        (await raw.Content.ReadAsStringAsync()).Should().Be($$"""{"id":"{{id}}","object":"model","created":0,"owned_by":"Second"}""");
    }

    [Fact]
    public async Task An_unknown_model_id_is_404_model_not_found_in_OpenAIs_shape()
    {
        _first.Models = ["alpha"];
        await using var factory = new BackendFactory(BackendFactory.OpenAIProvider("First", _first.OpenAIBaseUrl));

        var call = () => OpenAISdkHost.Client(factory).GetOpenAIModelClient().GetModelAsync("gpt-9.5");

        var thrown = (await call.Should().ThrowAsync<ClientResultException>()).Which;
        thrown.Status.Should().Be(404);
        var response = thrown.GetRawResponse()!;
        response.Headers.TryGetValue("Content-Type", out var contentType).Should().BeTrue();
        contentType.Should().StartWith("application/json");
        using var body = JsonDocument.Parse(response.Content.ToString());
        var error = body.RootElement.GetProperty("error");
        error.GetProperty("code").GetString().Should().Be("model_not_found");
        error.GetProperty("type").GetString().Should().Be("invalid_request_error");
        error.GetProperty("message").GetString().Should().Contain("gpt-9.5");
    }
}
