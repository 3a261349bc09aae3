using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using G4F.Backend.AspNetCore.Tests.Infrastructure;
using G4F.Backend.Testing;

namespace G4F.Backend.AspNetCore.Tests.OpenAI;

/// <summary>
/// <c>/v1/chat/completions</c> runs the same turn as the g4f route: routing on the model with fallback, the usage log,
/// and <c>&lt;think&gt;</c> blocks split off as reasoning, in a whole completion as in a stream.
/// </summary>
public sealed class OpenAIPipelineTests : IAsyncLifetime
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
    public async Task Without_a_provider_the_model_is_routed_and_a_failing_provider_falls_through_to_the_next()
    {
        _first.Reply = FakeReply.Status(503, """{"error":{"message":"overloaded"}}""");
        _second.Reply = FakeReply.Text("From second");
        await using var factory = TwoProviders();

        using var response = await factory.CreateClient().PostAsync("/v1/chat/completions", Json("""{"model":"fake-model","messages":[{"role":"user","content":"Hi"}]}"""));

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        body.RootElement.GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString().Should().Be("From second");
        body.RootElement.GetProperty("provider").GetString().Should().Be("Second");
        _first.Requests.Should().ContainSingle(r => r.Path.EndsWith("/chat/completions"));
        _second.Requests.Should().ContainSingle(r => r.Path.EndsWith("/chat/completions"));
    }

    [Fact]
    public async Task A_completion_is_a_line_of_the_usage_log()
    {
        _second.Reply = FakeReply.Text("Counted");
        await using var factory = TwoProviders();
        var client = factory.CreateClient();
        var days = new HashSet<string> { Today() };

        using var response = await client.PostAsync("/v1/chat/completions", Json("""{"model":"fake-model","provider":"Second","messages":[{"role":"user","content":"Hi"}]}"""));
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        days.Add(Today());

        var lines = new List<JsonElement>();
        foreach (var day in days)
        {
            using var usage = await client.GetAsync($"/backend-api/v2/usage/{day}");
            if (usage.StatusCode == HttpStatusCode.OK)
            {
                lines.AddRange((await usage.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => JsonDocument.Parse(line).RootElement.Clone()));
            }
        }

        lines.Should().ContainSingle(line => line.GetProperty("provider").GetString() == "Second" && line.GetProperty("model").GetString() == "fake-model",
            "the /v1 turn writes its usage line as the g4f route's does");
    }

    [Fact]
    public async Task A_think_block_of_a_whole_completion_is_its_reasoning_content()
    {
        _second.Reply = FakeReply.Text("<think>Weigh it", " up.</think>", "The answer.");
        await using var factory = TwoProviders();

        using var response = await factory.CreateClient().PostAsync("/v1/chat/completions", Json("""{"model":"fake-model","provider":"Second","messages":[{"role":"user","content":"Think"}]}"""));

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var message = body.RootElement.GetProperty("choices")[0].GetProperty("message");
        message.GetProperty("reasoning_content").GetString().Should().Be("Weigh it up.");
        message.GetProperty("content").GetString().Should().Be("The answer.");
    }

    private static string Today() => DateTime.UtcNow.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private BackendFactory TwoProviders() => new(BackendFactory.Merge(
        BackendFactory.OpenAIProvider("First", _first.OpenAIBaseUrl, priority: 0),
        BackendFactory.OpenAIProvider("Second", _second.OpenAIBaseUrl, priority: 1)));

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");
}
