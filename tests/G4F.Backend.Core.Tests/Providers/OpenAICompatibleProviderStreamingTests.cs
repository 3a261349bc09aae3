using System.Text.Json.Nodes;
using G4F.Backend.Events;
using G4F.Backend.Providers;
using G4F.Backend.Testing;
using static G4F.Backend.Core.Tests.Providers.ProviderHarness;

namespace G4F.Backend.Core.Tests.Providers;

public sealed class OpenAICompatibleProviderStreamingTests : IAsyncLifetime
{
    private ProviderHarness _harness = null!;

    private FakeUpstream Upstream => _harness.Upstream;

    public async Task InitializeAsync() => _harness = await StartAsync();

    public async Task DisposeAsync() => await _harness.DisposeAsync();

    [Fact]
    public async Task Streams_one_content_event_per_chunk_then_finish_and_usage()
    {
        Upstream.Reply = FakeReply.Text("Hel", "lo", "!").WithUsage(12, 3);

        var events = await CollectAsync(_harness.OpenAI().StreamAsync(Request(), default));

        events.Should().Equal(
            new ContentEvent("Hel"),
            new ContentEvent("lo"),
            new ContentEvent("!"),
            new FinishEvent(new FinishReason("stop")),
            new UsageEvent(new TokenUsage(12, 3, 15)));
    }

    [Fact]
    public async Task The_first_content_arrives_while_the_upstream_still_holds_the_rest()
    {
        var gate = new TaskCompletionSource();
        Upstream.Reply = FakeReply.Text("first", "second").WaitAfterChunk(0, gate.Task);

        await using var events = _harness.OpenAI().StreamAsync(Request(), default).GetAsyncEnumerator();

        // Bounded only so a buffering provider fails the test instead of hanging it.
        (await events.MoveNextAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(30))).Should().BeTrue();
        events.Current.Should().Be(new ContentEvent("first"));
        gate.Task.IsCompleted.Should().BeFalse();
        Upstream.ChunksWritten.Should().Be(1, "the upstream has not written the second chunk yet");

        gate.SetResult();
        var rest = new List<ResponseEvent>();
        while (await events.MoveNextAsync())
        {
            rest.Add(events.Current);
        }

        rest.Should().StartWith(new ContentEvent("second"));
    }

    [Fact]
    public async Task Reasoning_content_and_reasoning_become_reasoning_tokens()
    {
        Upstream.Reply = FakeReply.Chunks(
            """{"choices":[{"index":0,"delta":{"role":"assistant","reasoning_content":"Think 1"}}]}""",
            """{"choices":[{"index":0,"delta":{"reasoning":"Think 2","content":null}}]}""",
            """{"choices":[{"index":0,"delta":{"reasoning_content":"","reasoning":"Think 3"}}]}""",
            """{"choices":[{"index":0,"delta":{"content":"Answer"}}]}""",
            "[DONE]");

        var events = await CollectAsync(_harness.OpenAI().StreamAsync(Request(), default));

        events.Should().Equal(
            new ReasoningEvent { Token = "Think 1" },
            new ReasoningEvent { Token = "Think 2" },
            new ReasoningEvent { Token = "Think 3" },
            new ContentEvent("Answer"));
    }

    [Fact]
    public async Task Tool_call_deltas_become_tool_calls_events()
    {
        const string first = """[{"index":0,"id":"call_1","type":"function","function":{"name":"get_time","arguments":""}}]""";
        const string second = """[{"index":0,"function":{"arguments":"{\"tz\":\"UTC\"}"}}]""";
        Upstream.Reply = FakeReply.Chunks(
            $$$"""{"choices":[{"index":0,"delta":{"tool_calls":{{{first}}}}}]}""",
            $$$"""{"choices":[{"index":0,"delta":{"tool_calls":{{{second}}}}}]}""",
            """{"choices":[{"index":0,"delta":{},"finish_reason":"tool_calls"}]}""",
            "[DONE]");

        var events = await CollectAsync(_harness.OpenAI().StreamAsync(Request(), default));

        events.Should().HaveCount(3);
        JsonNode.DeepEquals(events[0].Should().BeOfType<ToolCallsEvent>().Subject.ToolCalls, JsonNode.Parse(first)).Should().BeTrue();
        JsonNode.DeepEquals(events[1].Should().BeOfType<ToolCallsEvent>().Subject.ToolCalls, JsonNode.Parse(second)).Should().BeTrue();
        events[2].Should().Be(new FinishEvent(new FinishReason("tool_calls")));
    }

    [Fact]
    public async Task Usage_extras_pass_through_and_a_missing_total_is_the_sum()
    {
        Upstream.Reply = FakeReply.Chunks(
            """{"choices":[],"usage":{"prompt_tokens":10,"completion_tokens":4,"prompt_tokens_details":{"cached_tokens":8},"cost":0.5}}""",
            "[DONE]");

        var events = await CollectAsync(_harness.OpenAI().StreamAsync(Request(), default));

        var usage = events.Should().ContainSingle().Which.Should().BeOfType<UsageEvent>().Subject.Usage;
        (usage.PromptTokens, usage.CompletionTokens, usage.TotalTokens).Should().Be((10, 4, 14));
        usage.Extra.Should().NotBeNull();
        usage.Extra!.Keys.Should().BeEquivalentTo("prompt_tokens_details", "cost");
        usage.Extra["prompt_tokens_details"].GetProperty("cached_tokens").GetInt32().Should().Be(8);
        usage.Extra["cost"].GetDouble().Should().Be(0.5);
    }

    [Theory]
    [InlineData("""{"prompt_tokens":1e400,"completion_tokens":2e19}""", 0L, long.MaxValue, long.MaxValue)]
    [InlineData("""{"prompt_tokens":-1e400,"completion_tokens":7.9,"total_tokens":1e400}""", 0L, 7L, 7L)]
    [InlineData("""{"prompt_tokens":9223372036854775807,"completion_tokens":9223372036854775807}""", long.MaxValue, long.MaxValue, long.MaxValue)]
    public async Task Usage_counts_out_of_range_are_clamped_or_ignored_instead_of_failing(string usageJson, long prompt, long completion, long total)
    {
        Upstream.Reply = FakeReply.Chunks("""{"choices":[],"usage":""" + usageJson + "}", "[DONE]");

        var events = await CollectAsync(_harness.OpenAI().StreamAsync(Request(), default));

        events.Should().Equal(new UsageEvent(new TokenUsage(prompt, completion, total)));
    }

    [Fact]
    public async Task Done_ends_the_stream_and_odd_chunks_are_ignored()
    {
        Upstream.Reply = FakeReply.Chunks(
            """{"id":"x","choices":[{"index":0,"delta":{"content":"a"}},{"index":1,"delta":{"content":"other choice"}}]}""",
            """{"choices":[{"index":0}]}""",
            """{"choices":null,"usage":null}""",
            "[DONE]",
            """{"choices":[{"index":0,"delta":{"content":"after done"}}]}""");

        var events = await CollectAsync(_harness.OpenAI().StreamAsync(Request(), default));

        events.Should().Equal(new ContentEvent("a"));
    }

    [Fact]
    public async Task A_different_upstream_model_is_reported_once_before_its_first_events()
    {
        Upstream.Reply = FakeReply.Text("a", "b").WithModel("vendor/real-model");

        var events = await CollectAsync(_harness.OpenAI(o => o.Label = "Fake Label").StreamAsync(Request("alias"), default));

        events[0].Should().Be(new ProviderEvent(new ProviderInfo(ProviderName, string.Empty, "Fake Label", "vendor/real-model")));
        events.OfType<ProviderEvent>().Should().ContainSingle();
        events[1].Should().Be(new ContentEvent("a"));
    }

    [Fact]
    public async Task The_requested_model_is_not_reported_again()
    {
        var events = await CollectAsync(_harness.OpenAI().StreamAsync(Request("fake-model"), default));

        events.OfType<ProviderEvent>().Should().BeEmpty();
    }

    [Fact]
    public async Task Forwards_the_request_body()
    {
        var messages = new JsonArray(
            new JsonObject { ["role"] = "system", ["content"] = "Be brief." },
            new JsonObject { ["role"] = "user", ["content"] = new JsonArray(new JsonObject { ["type"] = "text", ["text"] = "Hi" }) });
        var request = new ChatRequest
        {
            Model = "m1",
            Messages = messages,
            Temperature = 0.5,
            TopP = 0.9,
            MaxTokens = 100,
            Stop = new JsonArray("x", "y"),
            Seed = 42,
            ResponseFormat = new JsonObject { ["type"] = "json_object" },
            Tools = [new JsonObject { ["type"] = "function", ["function"] = new JsonObject { ["name"] = "f" } }],
            ToolChoice = "auto",
        };

        await CollectAsync(_harness.OpenAI().StreamAsync(request, default));

        var recorded = Upstream.Requests.Should().ContainSingle().Subject;
        recorded.Method.Should().Be("POST");
        recorded.Path.Should().Be("/v1/chat/completions");
        recorded.Headers["Accept"].Should().Be("text/event-stream");
        recorded.Headers["Content-Type"].Should().StartWith("application/json");
        var expected = JsonNode.Parse("""
            {"model":"m1","messages":[{"role":"system","content":"Be brief."},{"role":"user","content":[{"type":"text","text":"Hi"}]}],
             "stream":true,"stream_options":{"include_usage":true},"temperature":0.5,"top_p":0.9,"max_tokens":100,"seed":42,
             "stop":["x","y"],"response_format":{"type":"json_object"},"tools":[{"type":"function","function":{"name":"f"}}],"tool_choice":"auto"}
            """);
        JsonNode.DeepEquals(recorded.JsonBody, expected).Should().BeTrue(recorded.Body);
        messages.Should().HaveCount(2, "the caller's messages stay where they were");
    }

    [Fact]
    public async Task Unset_parameters_are_not_sent_and_the_default_model_fills_in()
    {
        await CollectAsync(_harness.OpenAI(o => o.DefaultModel = "default-model").StreamAsync(Request(model: null), default));

        var body = Upstream.Requests.Should().ContainSingle().Subject.JsonBody!.AsObject();
        body.Select(p => p.Key).Should().BeEquivalentTo("model", "messages", "stream", "stream_options");
        body["model"]!.GetValue<string>().Should().Be("default-model");
    }

    [Theory]
    [InlineData("client-key", "server-key", "Bearer client-key")]
    [InlineData(null, "server-key", "Bearer server-key")]
    [InlineData("", "server-key", null)]
    [InlineData(null, null, null)]
    public async Task Sends_a_bearer_header_only_with_a_key(string? requestKey, string? configuredKey, string? expected)
    {
        await CollectAsync(_harness.OpenAI(o => o.ApiKey = configuredKey).StreamAsync(Request(apiKey: requestKey), default));

        var headers = Upstream.Requests.Should().ContainSingle().Subject.Headers;
        headers.GetValueOrDefault("Authorization").Should().Be(expected);
    }

    [Fact]
    public async Task A_base_url_with_a_trailing_slash_works()
    {
        var events = await CollectAsync(_harness.OpenAI(baseUrl: Upstream.OpenAIBaseUrl + "/").StreamAsync(Request(), default));

        events.Should().Contain(new ContentEvent("Hello"));
        Upstream.Requests.Should().ContainSingle().Which.Path.Should().Be("/v1/chat/completions");
    }
}
