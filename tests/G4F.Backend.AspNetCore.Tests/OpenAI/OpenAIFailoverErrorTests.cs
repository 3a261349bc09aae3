using System.ClientModel;
using System.Net;
using System.Text.Json;
using G4F.Backend.AspNetCore.Tests.Infrastructure;
using G4F.Backend.Testing;
using OpenAI.Chat;

namespace G4F.Backend.AspNetCore.Tests.OpenAI;

/// <summary>
/// The status of <c>/v1/chat/completions</c> when automatic routing tried several providers and all failed: decided by
/// every attempt's failure (auth, then rate limit, then unknown model; an unreachable provider never hides a provider's
/// answer), while the message still lists each provider's failure. Also the statuses of upstream 402 and 504.
/// </summary>
public sealed class OpenAIFailoverErrorTests : IAsyncLifetime
{
    private const string ModelNotFound = """{"error":{"message":"The model `gpt-9` does not exist","type":"invalid_request_error","code":"model_not_found"}}""";

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
    public async Task Two_rate_limited_providers_are_a_429_for_the_SDK()
    {
        _first.Reply = FakeReply.Status(429, """{"error":{"message":"slow down"}}""");
        _second.Reply = FakeReply.Status(429, """{"error":{"message":"too many"}}""");
        await using var factory = new BackendFactory(BackendFactory.Merge(
            BackendFactory.OpenAIProvider("First", _first.OpenAIBaseUrl, apiKey: "sk-first-secret", priority: 0),
            BackendFactory.OpenAIProvider("Second", _second.OpenAIBaseUrl, priority: 1)));

        var call = () => OpenAISdkHost.Client(factory).GetChatClient("fake-model").CompleteChatAsync([new UserChatMessage("Hi")]);

        var thrown = (await call.Should().ThrowAsync<ClientResultException>()).Which;
        thrown.Status.Should().Be(429);
        using var body = JsonDocument.Parse(thrown.GetRawResponse()!.Content.ToString());
        var error = body.RootElement.GetProperty("error");
        error.GetProperty("type").GetString().Should().Be("rate_limit_error");
        error.GetProperty("code").GetString().Should().Be("rate_limit_exceeded");
        error.GetProperty("message").GetString().Should().Be(
            "RetryProviderError: RetryProvider failed:\nFirst: RateLimitError: Response 429: slow down\nSecond: RateLimitError: Response 429: too many")
            .And.NotContain("sk-first-secret");
    }

    [Fact]
    public async Task A_rejected_key_beside_an_unreachable_provider_is_401_and_only_a_plain_failure_beside_it_is_502()
    {
        _first.Reply = FakeReply.Status(401, """{"error":{"message":"Incorrect API key provided"}}""");
        await using var factory = WithDeadSecond();

        using (var response = await Complete(factory, "fake-model"))
        {
            response.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
            var error = await Error(response);
            error.GetProperty("type").GetString().Should().Be("authentication_error");
            error.GetProperty("message").GetString().Should().StartWith(
                "RetryProviderError: RetryProvider failed:\nFirst: MissingAuthError: Response 401: Incorrect API key provided\nDead: ConnectionError: Dead is unreachable");
        }

        // Nothing more specific than a provider's 500 beside the unreachable one: a bad gateway.
        _first.Reply = FakeReply.Status(500, """{"error":{"message":"boom"}}""");
        using var plain = await Complete(factory, "fake-model");
        plain.StatusCode.Should().Be(HttpStatusCode.BadGateway);
        (await Error(plain)).GetProperty("code").GetString().Should().Be("RetryProviderError");
    }

    [Fact]
    public async Task An_unknown_model_beside_an_unreachable_provider_is_404()
    {
        // First lists the model but no longer serves it; Dead cannot list, so it is tried after First and refuses the connection.
        _first.Models = ["gpt-9"];
        _first.Reply = FakeReply.Status(404, ModelNotFound);
        await using var factory = WithDeadSecond();

        using var response = await Complete(factory, "gpt-9");

        response.StatusCode.Should().Be(HttpStatusCode.NotFound);
        var error = await Error(response);
        error.GetProperty("code").GetString().Should().Be("model_not_found");
        error.GetProperty("message").GetString().Should().Contain("First: ModelNotFoundError: Response 404").And.Contain("Dead: ConnectionError");
    }

    [Fact]
    public async Task A_rate_limit_beats_an_unknown_model_and_a_rejected_key_beats_both()
    {
        var third = await FakeUpstream.StartAsync();
        await using var _ = third;
        _first.Reply = FakeReply.Status(404, ModelNotFound);
        _second.Reply = FakeReply.Status(429, """{"error":{"message":"slow down"}}""");
        third.Reply = FakeReply.Status(500, """{"error":{"message":"boom"}}""");
        await using var factory = new BackendFactory(BackendFactory.Merge(
            BackendFactory.OpenAIProvider("First", _first.OpenAIBaseUrl, priority: 0),
            BackendFactory.OpenAIProvider("Second", _second.OpenAIBaseUrl, priority: 1),
            BackendFactory.OpenAIProvider("Third", third.OpenAIBaseUrl, priority: 2)));

        using (var rateLimited = await Complete(factory, "fake-model"))
        {
            rateLimited.StatusCode.Should().Be(HttpStatusCode.TooManyRequests);
        }

        third.Reply = FakeReply.Status(401, """{"error":{"message":"bad key"}}""");
        using var rejected = await Complete(factory, "fake-model");
        rejected.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }

    [Theory]
    [InlineData(402, 429, "insufficient_quota", "insufficient_quota")]
    [InlineData(504, 502, "upstream_error", "RateLimitError")]
    public async Task An_upstream_402_is_OpenAIs_quota_429_and_a_504_is_a_bad_gateway(int upstreamStatus, int expected, string type, string code)
    {
        _first.Reply = FakeReply.Status(upstreamStatus, """{"error":{"message":"no"}}""");
        await using var factory = new BackendFactory(BackendFactory.OpenAIProvider("First", _first.OpenAIBaseUrl));

        var call = () => OpenAISdkHost.Client(factory).GetChatClient("fake-model").CompleteChatAsync([new UserChatMessage("Hi")]);

        var thrown = (await call.Should().ThrowAsync<ClientResultException>()).Which;
        thrown.Status.Should().Be(expected);
        using var body = JsonDocument.Parse(thrown.GetRawResponse()!.Content.ToString());
        body.RootElement.GetProperty("error").GetProperty("type").GetString().Should().Be(type);
        body.RootElement.GetProperty("error").GetProperty("code").GetString().Should().Be(code);
    }

    private static Task<HttpResponseMessage> Complete(BackendFactory factory, string model) =>
        factory.CreateClient().PostAsync("/v1/chat/completions",
            OpenAIChatCompletionTests.Json($$"""{"model":"{{model}}","messages":[{"role":"user","content":"Hi"}]}"""));

    private static async Task<JsonElement> Error(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("error").Clone();

    /// <summary>First on the fake upstream, then a provider on a loopback port nothing listens on (its listing fails too).</summary>
    private BackendFactory WithDeadSecond() => new(BackendFactory.Merge(
        BackendFactory.OpenAIProvider("First", _first.OpenAIBaseUrl, priority: 0),
        BackendFactory.OpenAIProvider("Dead", $"http://127.0.0.1:{FakeUpstream.GetUnusedLoopbackPort()}/v1", priority: 1)));
}
