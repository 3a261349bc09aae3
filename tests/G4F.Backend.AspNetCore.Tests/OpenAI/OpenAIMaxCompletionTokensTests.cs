using System.Net;
using System.Text.Json.Nodes;
using G4F.Backend.AspNetCore.Tests.Infrastructure;
using G4F.Backend.Testing;
using static G4F.Backend.AspNetCore.Tests.OpenAI.OpenAIChatCompletionTests;

namespace G4F.Backend.AspNetCore.Tests.OpenAI;

/// <summary>
/// <c>max_completion_tokens</c> reaches an OpenAI-compatible upstream under the name the client used: OpenAI's reasoning
/// models (o1, o3, gpt-5) refuse <c>max_tokens</c>. Read from the upstream's raw request body.
/// </summary>
public sealed class OpenAIMaxCompletionTokensTests : IAsyncLifetime
{
    private FakeUpstream _upstream = null!;
    private FakeUpstream _ollama = null!;

    public async Task InitializeAsync()
    {
        _upstream = await FakeUpstream.StartAsync();
        _ollama = await FakeUpstream.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _upstream.DisposeAsync();
        await _ollama.DisposeAsync();
    }

    [Fact]
    public async Task max_completion_tokens_reaches_an_OpenAI_compatible_upstream_under_its_own_name()
    {
        await using var factory = FakeAndLocal();
        var client = factory.CreateClient();

        using var response = await client.PostAsync("/v1/chat/completions",
            Json("""{"model":"fake-model","provider":"Fake","max_completion_tokens":50,"messages":[{"role":"user","content":"Hi"}]}"""));
        using var local = await client.PostAsync("/v1/chat/completions",
            Json("""{"model":"fake-model","provider":"Local","max_completion_tokens":50,"messages":[{"role":"user","content":"Hi"}]}"""));
        await client.ConverseAsync("""{"model":"fake-model","provider":"Fake","max_completion_tokens":50,"messages":[{"role":"user","content":"Hi"}]}""");

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        local.StatusCode.Should().Be(HttpStatusCode.OK);
        var sent = ChatBodies(_upstream);
        sent[0]["max_completion_tokens"]!.GetValue<int>().Should().Be(50, sent[0].ToJsonString());
        sent[0].ContainsKey("max_tokens").Should().BeFalse(sent[0].ToJsonString());

        // Ollama has one limit, num_predict, for either name; the g4f route reads only the original's fields.
        _ollama.Requests.Single().JsonBody!["options"]!["num_predict"]!.GetValue<int>().Should().Be(50);
        sent[1].ContainsKey("max_completion_tokens").Should().BeFalse(sent[1].ToJsonString());
        sent[1].ContainsKey("max_tokens").Should().BeFalse(sent[1].ToJsonString());
    }

    [Fact]
    public async Task Both_names_reach_the_upstream_as_given_and_max_tokens_limits_Ollama()
    {
        await using var factory = FakeAndLocal();
        var client = factory.CreateClient();

        using var response = await client.PostAsync("/v1/chat/completions",
            Json("""{"model":"fake-model","provider":"Fake","max_tokens":40,"max_completion_tokens":50,"messages":[{"role":"user","content":"Hi"}]}"""));
        using var local = await client.PostAsync("/v1/chat/completions",
            Json("""{"model":"fake-model","provider":"Local","max_tokens":40,"max_completion_tokens":50,"messages":[{"role":"user","content":"Hi"}]}"""));

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        local.StatusCode.Should().Be(HttpStatusCode.OK);
        var sent = ChatBodies(_upstream).Single();
        sent["max_tokens"]!.GetValue<int>().Should().Be(40, sent.ToJsonString());
        sent["max_completion_tokens"]!.GetValue<int>().Should().Be(50, sent.ToJsonString());
        _ollama.Requests.Single().JsonBody!["options"]!["num_predict"]!.GetValue<int>().Should().Be(40);
    }

    // An OpenAI-compatible provider "Fake" and an Ollama provider "Local" that answers "ok".
    private BackendFactory FakeAndLocal()
    {
        _ollama.Reply = FakeReply.OllamaLines("""{"model":"fake-model","message":{"role":"assistant","content":"ok"},"done":true,"done_reason":"stop"}""");
        return new BackendFactory(BackendFactory.Merge(
            BackendFactory.OpenAIProvider("Fake", _upstream.OpenAIBaseUrl),
            new Dictionary<string, string?> { ["G4F:Providers:Local:Type"] = "Ollama", ["G4F:Providers:Local:BaseUrl"] = _ollama.BaseUrl }));
    }

    private static List<JsonObject> ChatBodies(FakeUpstream upstream) =>
        [.. upstream.Requests.Where(r => r.Path.EndsWith("/chat/completions", StringComparison.Ordinal)).Select(r => r.JsonBody!.AsObject())];
}
