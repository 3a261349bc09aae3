using System.Text.Json.Nodes;
using G4F.Backend.Events;
using G4F.Backend.Providers;
using G4F.Backend.Testing;
using static G4F.Backend.Core.Tests.Providers.ProviderHarness;

namespace G4F.Backend.Core.Tests.Providers;

public sealed class OllamaProviderTests : IAsyncLifetime
{
    private ProviderHarness _harness = null!;

    private FakeUpstream Upstream => _harness.Upstream;

    public async Task InitializeAsync() => _harness = await StartAsync();

    public async Task DisposeAsync() => await _harness.DisposeAsync();

    [Fact]
    public async Task Streams_content_then_finish_and_usage_from_the_done_line()
    {
        Upstream.Reply = FakeReply.Text("Hel", "lo").WithUsage(26, 2);

        var events = await CollectAsync(_harness.Ollama().StreamAsync(Request("llama3"), default));

        events.Should().Equal(
            new ContentEvent("Hel"),
            new ContentEvent("lo"),
            new FinishEvent(new FinishReason("stop")),
            new UsageEvent(new TokenUsage(26, 2, 28)));
        var request = Upstream.Requests.Should().ContainSingle().Subject;
        (request.Method, request.Path).Should().Be(("POST", "/api/chat"));
        request.Headers.Should().NotContainKey("Authorization");
    }

    [Fact]
    public async Task The_first_content_arrives_while_the_upstream_still_holds_the_rest()
    {
        var gate = new TaskCompletionSource();
        Upstream.Reply = FakeReply.Text("first", "second").WaitAfterChunk(0, gate.Task);

        await using var events = _harness.Ollama().StreamAsync(Request(), default).GetAsyncEnumerator();

        (await events.MoveNextAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(30))).Should().BeTrue();
        events.Current.Should().Be(new ContentEvent("first"));
        Upstream.ChunksWritten.Should().Be(1);
        gate.SetResult();
        (await events.MoveNextAsync()).Should().BeTrue();
        events.Current.Should().Be(new ContentEvent("second"));
    }

    [Fact]
    public async Task Thinking_becomes_reasoning_tokens_and_done_reason_is_kept()
    {
        Upstream.Reply = FakeReply.OllamaLines(
            """{"model":"qwen3","message":{"role":"assistant","content":"","thinking":"Let me think"},"done":false}""",
            """{"model":"qwen3","message":{"role":"assistant","content":"Answer"},"done":false}""",
            "",
            """{"model":"qwen3","message":{"role":"assistant","content":""},"done":true,"done_reason":"length"}""");

        var events = await CollectAsync(_harness.Ollama().StreamAsync(Request("qwen3"), default));

        events.Should().Equal(
            new ReasoningEvent { Token = "Let me think" },
            new ContentEvent("Answer"),
            new FinishEvent(new FinishReason("length")));
    }

    [Fact]
    public async Task Tool_calls_are_rewritten_in_the_openai_shape_with_their_own_indexes()
    {
        Upstream.Reply = FakeReply.OllamaLines(
            """{"model":"m","message":{"role":"assistant","content":"","tool_calls":[{"function":{"name":"get_time","arguments":{"tz":"UTC"}}}]},"done":false}""",
            """{"model":"m","message":{"role":"assistant","content":"","tool_calls":[{"id":"abc","function":{"name":"add","arguments":{"a":1,"b":[2]}}}]},"done":false}""",
            """{"model":"m","message":{"role":"assistant","content":""},"done":true,"done_reason":"stop","prompt_eval_count":3,"eval_count":4}""");

        var events = await CollectAsync(_harness.Ollama().StreamAsync(Request("m"), default));

        events.Should().HaveCount(4);
        var first = events[0].Should().BeOfType<ToolCallsEvent>().Subject.ToolCalls;
        var second = events[1].Should().BeOfType<ToolCallsEvent>().Subject.ToolCalls;
        JsonNode.DeepEquals(first, JsonNode.Parse("""[{"index":0,"id":"call_0","type":"function","function":{"name":"get_time","arguments":"{\"tz\":\"UTC\"}"}}]""")).Should().BeTrue(first.ToJsonString());
        JsonNode.DeepEquals(second, JsonNode.Parse("""[{"index":1,"id":"abc","type":"function","function":{"name":"add","arguments":"{\"a\":1,\"b\":[2]}"}}]""")).Should().BeTrue(second.ToJsonString());
        events[2].Should().Be(new FinishEvent(new FinishReason("stop")));
        events[3].Should().Be(new UsageEvent(new TokenUsage(3, 4, 7)));
    }

    [Fact]
    public async Task Counts_out_of_range_are_clamped_or_ignored_instead_of_dropping_the_usage()
    {
        Upstream.Reply = FakeReply.OllamaLines(
            """{"model":"m","message":{"role":"assistant","content":""},"done":true,"done_reason":"stop","prompt_eval_count":1e400,"eval_count":2e19}""");

        var events = await CollectAsync(_harness.Ollama().StreamAsync(Request("m"), default));

        events.Should().Equal(
            new FinishEvent(new FinishReason("stop")),
            new UsageEvent(new TokenUsage(0, long.MaxValue, long.MaxValue)));
    }

    [Theory]
    [InlineData(OllamaLineParser.MaxToolCalls + 1, 0)]
    [InlineData(1, OllamaLineParser.MaxLineValues)]
    public async Task A_line_of_more_tool_calls_or_values_than_a_line_may_hold_is_a_response_error(int calls, int zeros)
    {
        // Before, 16 MiB of {} in tool_calls became two objects each: some 6 GiB for one line.
        var call = """{"function":{"name":"f","arguments":{}}}""";
        var line = $$"""{"model":"m","message":{"role":"assistant","content":"","tool_calls":[{{string.Join(',', Enumerable.Repeat(call, calls))}}]},"n":[{{string.Join(',', Enumerable.Repeat('0', zeros))}}],"done":false}""";
        Upstream.Reply = FakeReply.OllamaLines(line);

        var act = () => CollectAsync(_harness.Ollama().StreamAsync(Request("m"), default));

        (await act.Should().ThrowAsync<ProviderException>()).Which.ErrorName.Should().Be("ResponseError");
    }

    [Fact]
    public async Task Tool_calls_that_are_not_objects_are_skipped()
    {
        Upstream.Reply = FakeReply.OllamaLines(
            """{"model":"m","message":{"role":"assistant","content":"","tool_calls":[null]},"done":false}""",
            """{"model":"m","message":{"role":"assistant","content":"","tool_calls":[1,"x",{"function":{"name":"f","arguments":{}}}]},"done":false}""");

        var events = await CollectAsync(_harness.Ollama().StreamAsync(Request("m"), default));

        var calls = events.Should().ContainSingle().Which.Should().BeOfType<ToolCallsEvent>().Subject.ToolCalls;
        JsonNode.DeepEquals(calls, JsonNode.Parse("""[{"index":0,"id":"call_0","type":"function","function":{"name":"f","arguments":"{}"}}]""")).Should().BeTrue(calls.ToJsonString());
    }

    [Fact]
    public async Task Converts_messages_and_parameters_to_the_ollama_request()
    {
        var request = new ChatRequest
        {
            Model = "llava",
            Messages = JsonNode.Parse("""
                [
                  {"role":"system","content":"Be brief."},
                  {"role":"user","content":[
                    {"type":"text","text":"What is "},
                    {"type":"image_url","image_url":{"url":"data:image/png;base64,iVBORw0KGgo="}},
                    {"text":"in this picture?"},
                    {"type":"image_url","image_url":{"url":"https://example.com/remote.png"}}
                  ]},
                  {"role":"assistant","content":null,"tool_calls":[{"id":"call_1","type":"function","function":{"name":"get_time","arguments":"{\"tz\":\"UTC\"}"}}]},
                  {"role":"tool","tool_call_id":"call_1","content":"12:00"}
                ]
                """)!.AsArray(),
            Temperature = 0.2,
            TopP = 0.8,
            MaxTokens = 64,
            Stop = "END",
            Seed = 7,
            ResponseFormat = new JsonObject { ["type"] = "json_object" },
            Tools = [new JsonObject { ["type"] = "function", ["function"] = new JsonObject { ["name"] = "get_time" } }],
            ToolChoice = "auto",
        };

        await CollectAsync(_harness.Ollama().StreamAsync(request, default));

        var body = Upstream.Requests.Should().ContainSingle().Subject.JsonBody;
        var expected = JsonNode.Parse("""
            {"model":"llava","messages":[
               {"role":"system","content":"Be brief."},
               {"role":"user","content":"What is in this picture?","images":["iVBORw0KGgo="]},
               {"role":"assistant","content":"","tool_calls":[{"id":"call_1","type":"function","function":{"name":"get_time","arguments":{"tz":"UTC"}}}]},
               {"role":"tool","content":"12:00","tool_call_id":"call_1","tool_name":"get_time"}],
             "stream":true,
             "options":{"temperature":0.2,"top_p":0.8,"num_predict":64,"seed":7,"stop":["END"]},
             "tools":[{"type":"function","function":{"name":"get_time"}}],
             "format":"json"}
            """);
        JsonNode.DeepEquals(body, expected).Should().BeTrue(body!.ToJsonString());
    }

    [Fact]
    public async Task Tool_call_arguments_of_more_values_than_a_tool_may_hold_are_sent_as_their_string_unparsed()
    {
        var arguments = "{\"n\":[" + string.Join(',', Enumerable.Repeat('0', JsonValueCount.MaxToolArguments)) + "]}";
        var request = new ChatRequest
        {
            Model = "m",
            Messages = [new JsonObject
            {
                ["role"] = "assistant",
                ["tool_calls"] = new JsonArray(new JsonObject { ["id"] = "c", ["type"] = "function", ["function"] = new JsonObject { ["name"] = "f", ["arguments"] = arguments } }),
            }],
        };

        await CollectAsync(_harness.Ollama().StreamAsync(request, default));

        var body = Upstream.Requests.Should().ContainSingle().Subject.JsonBody!;
        body["messages"]![0]!["tool_calls"]![0]!["function"]!["arguments"]!.GetValueKind().Should().Be(System.Text.Json.JsonValueKind.String);
    }

    [Fact]
    public async Task A_json_schema_becomes_the_format_and_no_options_are_sent_when_none_are_set()
    {
        var request = Request("m") with
        {
            ResponseFormat = JsonNode.Parse("""{"type":"json_schema","json_schema":{"name":"x","schema":{"type":"object"}}}"""),
        };

        await CollectAsync(_harness.Ollama().StreamAsync(request, default));

        var body = Upstream.Requests.Should().ContainSingle().Subject.JsonBody!.AsObject();
        JsonNode.DeepEquals(body["format"], JsonNode.Parse("""{"type":"object"}""")).Should().BeTrue();
        body.ContainsKey("options").Should().BeFalse();
    }

    [Fact]
    public async Task A_different_upstream_model_is_reported_once()
    {
        Upstream.Reply = FakeReply.Text("a", "b").WithModel("llama3:latest");

        var events = await CollectAsync(_harness.Ollama().StreamAsync(Request("llama3"), default));

        events[0].Should().Be(new ProviderEvent(new ProviderInfo(ProviderName, string.Empty, ProviderName, "llama3:latest")));
        events.OfType<ProviderEvent>().Should().ContainSingle();
    }

    [Fact]
    public async Task An_error_status_is_mapped_with_the_upstream_message()
    {
        // Ollama's 404 for a model it does not have is the protocol's unknown model (issue 9).
        Upstream.Reply = FakeReply.Status(404, """{"error":"model 'nope' not found"}""");

        var (_, error) = await CollectUntilErrorAsync(_harness.Ollama().StreamAsync(Request("nope"), default));

        var failure = error.Should().BeOfType<ProviderException>().Subject;
        failure.ProtocolMessage.Should().Be("ModelNotFoundError: Response 404: model 'nope' not found");
        failure.StatusCode.Should().Be(404);
    }

    [Fact]
    public async Task An_error_line_in_the_stream_is_a_response_error()
    {
        Upstream.Reply = FakeReply.OllamaLines(
            """{"model":"m","message":{"role":"assistant","content":"par"},"done":false}""",
            """{"error":"an error was encountered while running the model"}""");

        var (events, error) = await CollectUntilErrorAsync(_harness.Ollama().StreamAsync(Request("m"), default));

        events.Should().Equal(new ContentEvent("par"));
        error.Should().BeOfType<ProviderException>().Which.ProtocolMessage.Should().Be("ResponseError: an error was encountered while running the model");
    }

    [Fact]
    public async Task A_line_that_is_not_json_is_a_response_error()
    {
        Upstream.Reply = FakeReply.OllamaLines("<html>proxy error</html>");

        var (_, error) = await CollectUntilErrorAsync(_harness.Ollama().StreamAsync(Request(), default));

        error.Should().BeOfType<ProviderException>().Which.ErrorName.Should().Be("ResponseError");
    }

    [Fact]
    public async Task Silence_after_a_line_is_an_idle_timeout_error()
    {
        Upstream.Reply = FakeReply.Text("first").ThenHang();

        var (events, error) = await CollectUntilErrorAsync(_harness.Ollama(o => o.Timeouts.Idle = TimeSpan.FromMilliseconds(300)).StreamAsync(Request(), default));

        events.Should().Equal(new ContentEvent("first"));
        error.Should().BeOfType<ProviderException>().Which.ProtocolMessage.Should().Be("TimeoutError: Fake sent nothing for 0.3 s");
    }

    [Fact]
    public async Task Caller_cancellation_mid_stream_cancels_the_upstream_request()
    {
        var gate = new TaskCompletionSource();
        Upstream.Reply = FakeReply.Text("first", "second").WaitAfterChunk(0, gate.Task);
        using var cancellation = new CancellationTokenSource();

        var events = _harness.Ollama().StreamAsync(Request(), cancellation.Token).GetAsyncEnumerator();
        try
        {
            (await events.MoveNextAsync()).Should().BeTrue();
            await cancellation.CancelAsync();
            var next = async () => await events.MoveNextAsync();

            await next.Should().ThrowAsync<OperationCanceledException>();
        }
        finally
        {
            await events.DisposeAsync();
        }

        await Upstream.WaitForCancelledRequestAsync(TimeSpan.FromSeconds(30));
        gate.Task.IsCompleted.Should().BeFalse();
    }

    [Fact]
    public async Task Lists_models_from_the_tags_route()
    {
        Upstream.Models = ["llama3:latest", "qwen3:8b"];

        var models = await _harness.Ollama().ListModelsAsync(null, default);

        models.Should().Equal("llama3:latest", "qwen3:8b");
        Upstream.Requests.Should().ContainSingle().Which.Path.Should().Be("/api/tags");
    }

    [Fact]
    public async Task A_static_model_list_needs_no_request()
    {
        var models = await _harness.Ollama(o => o.Models = ["fixed"]).ListModelsAsync(null, default);

        models.Should().Equal("fixed");
        Upstream.Requests.Should().BeEmpty();
    }

    [Fact]
    public async Task A_key_is_sent_as_bearer_when_there_is_one()
    {
        await CollectAsync(_harness.Ollama(o => o.ApiKey = "ollama-cloud-key").StreamAsync(Request(), default));

        Upstream.Requests.Should().ContainSingle().Which.Headers["Authorization"].Should().Be("Bearer ollama-cloud-key");
    }
}
