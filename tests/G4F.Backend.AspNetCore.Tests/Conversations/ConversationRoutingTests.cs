using G4F.Backend.AspNetCore.Tests.Infrastructure;
using G4F.Backend.Testing;

namespace G4F.Backend.AspNetCore.Tests.Conversations;

/// <summary>Fallback, error mapping and key handling with two real fake upstreams.</summary>
public sealed class ConversationRoutingTests : IAsyncLifetime
{
    private const string Secret = "sk-test-5ecr3t-value-never-shown";
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

    private BackendFactory TwoProviders(string? firstKey = null) => new(BackendFactory.Merge(
        BackendFactory.OpenAIProvider("First", _first.OpenAIBaseUrl, firstKey, priority: 0),
        BackendFactory.OpenAIProvider("Second", _second.OpenAIBaseUrl, priority: 1)));

    [Fact]
    public async Task A_provider_failing_before_content_falls_through_to_the_next()
    {
        _first.Reply = FakeReply.Status(503, """{"error":{"message":"overloaded"}}""");
        _second.Reply = FakeReply.Text("From second");
        await using var factory = TwoProviders();

        var transcript = await factory.CreateClient().ConverseAsync("""{"model":"fake-model","provider":"AnyProvider","messages":[{"role":"user","content":"Hi"}],"debug_mode":true}""");

        transcript.OfType("provider").Select(p => p.GetProperty("provider").GetProperty("name").GetString())
            .Should().Equal("AnyProvider", "First", "Second");
        transcript.Content.Should().Be("From second");
        transcript.Types.Should().NotContain("error");
        transcript.OfType("log").Select(l => l.GetProperty("log").GetString())
            .Should().Contain("First: ResponseStatusError: Response 503: overloaded");
        _first.Requests.Should().ContainSingle(r => r.Path.EndsWith("/chat/completions"));
        _second.Requests.Should().ContainSingle(r => r.Path.EndsWith("/chat/completions"));
    }

    [Fact]
    public async Task A_failure_after_content_started_is_reported_and_never_retried()
    {
        // The gate makes sure "Partial" reached the client before the upstream breaks the connection.
        var seen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _first.Reply = FakeReply.Text("Partial").WaitAfterChunk(0, seen.Task).ThenAbort();
        _second.Reply = FakeReply.Text("Second answer");
        await using var factory = TwoProviders();

        using var response = await factory.CreateClient().PostConversationAsync("""{"model":"fake-model","messages":[{"role":"user","content":"Hi"}]}""");
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        var records = new List<string>();
        while (await SseTranscript.ReadRecordAsync(reader).WaitAsync(TimeSpan.FromSeconds(30)) is { } record)
        {
            records.Add(record + "\n");
            if (record.Contains("\"Partial\"", StringComparison.Ordinal))
            {
                seen.SetResult();
            }
        }

        var transcript = SseTranscript.Parse(string.Concat(records));
        transcript.Content.Should().Be("Partial");
        transcript.Types.Last().Should().Be("error");
        transcript.Types.Should().NotContain("usage");
        _second.Requests.Should().NotContain(r => r.Path.EndsWith("/chat/completions"), "a second provider would start a second, mixed answer");
    }

    [Fact]
    public async Task When_every_provider_fails_one_error_lists_each_failure()
    {
        _first.Reply = FakeReply.Status(429, """{"error":{"message":"slow down"}}""");
        _second.Reply = FakeReply.Status(502, "bad gateway", "text/plain");
        await using var factory = TwoProviders();

        var transcript = await factory.CreateClient().ConverseAsync("""{"model":"fake-model","messages":[{"role":"user","content":"Hi"}]}""");

        var error = transcript.OfType("error").Should().ContainSingle().Subject;
        error.GetProperty("error").GetString().Should().Be("RetryProviderError");
        error.GetProperty("message").GetString().Should().Be(
            "RetryProviderError: RetryProvider failed:\nFirst: RateLimitError: Response 429: slow down\nSecond: ResponseStatusError: Response 502: bad gateway");
        transcript.Types.Last().Should().Be("error");
    }

    [Fact]
    public async Task Upstream_401_becomes_an_auth_event()
    {
        _first.Reply = FakeReply.Status(401, """{"error":{"message":"Incorrect API key provided"}}""");
        await using var factory = TwoProviders();

        var transcript = await factory.CreateClient().ConverseAsync("""{"model":"fake-model","provider":"First","messages":[{"role":"user","content":"Hi"}]}""");

        transcript.Types.Should().Equal("provider", "parameters", "auth");
        var auth = transcript.OfType("auth").Single();
        auth.GetProperty("auth").GetString().Should().Be("MissingAuthError");
        auth.GetProperty("message").GetString().Should().Be("MissingAuthError: Response 401: Incorrect API key provided");
    }

    [Fact]
    public async Task Upstream_429_becomes_a_rate_limit_error()
    {
        _first.Reply = FakeReply.Status(429, """{"error":{"message":"Too many requests"}}""");
        await using var factory = TwoProviders();

        var transcript = await factory.CreateClient().ConverseAsync("""{"model":"fake-model","provider":"first","messages":[{"role":"user","content":"Hi"}]}""");

        var error = transcript.OfType("error").Single();
        error.GetProperty("error").GetString().Should().Be("RateLimitError");
        error.GetProperty("message").GetString().Should().Be("RateLimitError: Response 429: Too many requests");
        _second.Requests.Should().NotContain(r => r.Path.EndsWith("/chat/completions"), "a named provider never falls through");
    }

    [Theory]
    [InlineData("First")]
    [InlineData("FamilyOfFirst")]
    public async Task Ignored_providers_and_families_are_skipped_by_the_automatic_router(string ignored)
    {
        // The client's toggles carry the family name (parent || name).
        _second.Reply = FakeReply.Text("Second");
        await using var factory = new BackendFactory(BackendFactory.Merge(
            BackendFactory.OpenAIProvider("First", _first.OpenAIBaseUrl, priority: 0),
            BackendFactory.OpenAIProvider("Second", _second.OpenAIBaseUrl, priority: 1),
            new Dictionary<string, string?> { ["G4F:Providers:First:Parent"] = "FamilyOfFirst" }));

        var transcript = await factory.CreateClient().ConverseAsync($$"""{"model":"fake-model","messages":[{"role":"user","content":"Hi"}],"ignored":["{{ignored}}"]}""");

        transcript.Content.Should().Be("Second");
        _first.Requests.Should().NotContain(r => r.Path.EndsWith("/chat/completions"));
    }

    [Fact]
    public async Task The_configured_key_is_sent_upstream_and_never_appears_in_events_or_logs()
    {
        _first.Reply = FakeReply.Status(401, $$$"""{"error":{"message":"Incorrect API key provided: {{{Secret}}}"}}""");
        await using var factory = TwoProviders(Secret);

        var transcript = await factory.CreateClient().ConverseAsync("""{"model":"fake-model","provider":"First","messages":[{"role":"user","content":"Hi"}],"debug_mode":true}""");

        _first.Requests.Last().Headers["Authorization"].Should().Be($"Bearer {Secret}");
        transcript.Raw.Should().NotContain(Secret).And.NotContain("5ecr3t");
        transcript.OfType("auth").Single().GetProperty("message").GetString().Should().Contain("Incorrect API key provided: ***");
        factory.Logs.GetSnapshot().Should().NotContain(r => r.Message.Contains("5ecr3t") || (r.Exception != null && r.Exception.ToString().Contains("5ecr3t")));
    }

    [Fact]
    public async Task A_client_key_echoed_by_the_upstream_never_reaches_events_or_logs()
    {
        const string ClientSecret = "sk-client-c1ient5ecret-value";
        _first.Reply = FakeReply.Status(401, $$$"""{"error":{"message":"Incorrect API key provided: {{{ClientSecret}}}"}}""");
        await using var factory = TwoProviders(Secret);

        var transcript = await factory.CreateClient().ConverseAsync($$$"""{"model":"fake-model","provider":"First","api_key":"{{{ClientSecret}}}","messages":[{"role":"user","content":"Hi"}],"debug_mode":true}""");

        _first.Requests.Last().Headers["Authorization"].Should().Be($"Bearer {ClientSecret}");
        transcript.Raw.Should().NotContain("c1ient5ecret");
        factory.Logs.GetSnapshot().Should().NotContain(r => r.Message.Contains("c1ient5ecret") || (r.Exception != null && r.Exception.ToString().Contains("c1ient5ecret")));
    }

    [Fact]
    public async Task A_client_key_replaces_the_configured_one_but_session_tokens_do_not()
    {
        await using var factory = TwoProviders(Secret);
        var client = factory.CreateClient();

        await client.ConverseAsync("""{"model":"fake-model","provider":"First","api_key":"sk-client","messages":[{"role":"user","content":"Hi"}]}""");
        _first.Requests.Last().Headers["Authorization"].Should().Be("Bearer sk-client");

        await client.ConverseAsync("""{"model":"fake-model","provider":"First","api_key":"g4f_session","messages":[{"role":"user","content":"Hi"}]}""");
        _first.Requests.Last().Headers["Authorization"].Should().Be($"Bearer {Secret}");

        await client.ConverseAsync("""{"model":"fake-model","api_key":{"First":"sk-per-provider"},"messages":[{"role":"user","content":"Hi"}]}""");
        _first.Requests.Last().Headers["Authorization"].Should().Be("Bearer sk-per-provider");
    }

    [Fact]
    public async Task An_unknown_model_ends_in_a_clear_error()
    {
        await using var factory = TwoProviders();

        var transcript = await factory.CreateClient().ConverseAsync("""{"model":"no-such-model","messages":[{"role":"user","content":"Hi"}]}""");

        transcript.Types.Should().Equal("provider", "parameters", "error");
        transcript.OfType("error").Single().GetProperty("message").GetString().Should().Contain("no-such-model");
    }
}
