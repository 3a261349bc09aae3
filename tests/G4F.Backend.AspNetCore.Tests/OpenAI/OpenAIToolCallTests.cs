using System.Text.Json;
using System.Text.Json.Nodes;
using G4F.Backend.AspNetCore.Tests.Infrastructure;
using G4F.Backend.Testing;
using OpenAI.Chat;
using Snapshooter.Xunit;
using static G4F.Backend.AspNetCore.Tests.OpenAI.OpenAIChatCompletionTests;

namespace G4F.Backend.AspNetCore.Tests.OpenAI;

/// <summary><c>tools</c>, <c>tool_choice</c> and tool calls through <c>/v1/chat/completions</c>, with the OpenAI SDK and raw HTTP.</summary>
public sealed class OpenAIToolCallTests : IAsyncLifetime
{
    // An OpenAI upstream streaming one call in three fragments: id and name first, then the arguments in two parts.
    private static readonly FakeReply StreamedCall = FakeReply.Chunks(
        """{"model":"fake-model","choices":[{"index":0,"delta":{"role":"assistant","content":null,"tool_calls":[{"index":0,"id":"call_abc","type":"function","function":{"name":"get_weather","arguments":""}}]},"finish_reason":null}]}""",
        """{"model":"fake-model","choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":"{\"city\":"}}]},"finish_reason":null}]}""",
        """{"model":"fake-model","choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":"\"Paris\"}"}}]},"finish_reason":null}]}""",
        """{"model":"fake-model","choices":[{"index":0,"delta":{},"finish_reason":"tool_calls"}]}""",
        """{"model":"fake-model","choices":[],"usage":{"prompt_tokens":9,"completion_tokens":4,"total_tokens":13}}""",
        "[DONE]");

    private static readonly ChatTool Weather = ChatTool.CreateFunctionTool(
        "get_weather", "The weather of a city", BinaryData.FromString("""{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}"""));

    private const string FunctionF = """{"type":"function","function":{"name":"f"}}""";

    private FakeUpstream _upstream = null!;

    public async Task InitializeAsync() => _upstream = await FakeUpstream.StartAsync();

    public async Task DisposeAsync() => await _upstream.DisposeAsync();

    [Fact]
    public async Task The_SDK_sends_tools_and_tool_choice_upstream_and_gets_the_streamed_call()
    {
        _upstream.Reply = StreamedCall;
        await using var factory = new BackendFactory(BackendFactory.OpenAIProvider("Fake", _upstream.OpenAIBaseUrl));
        var chat = OpenAISdkHost.Client(factory).GetChatClient("fake-model");
        var options = new ChatCompletionOptions { Tools = { Weather }, ToolChoice = ChatToolChoice.CreateFunctionChoice("get_weather") };

        var updates = new List<StreamingChatToolCallUpdate>();
        ChatFinishReason? finish = null;
        await foreach (var update in chat.CompleteChatStreamingAsync([new UserChatMessage("Weather in Paris?")], options))
        {
            updates.AddRange(update.ToolCallUpdates);
            finish = update.FinishReason ?? finish;
        }

        finish.Should().Be(ChatFinishReason.ToolCalls);
        updates.Should().OnlyContain(u => u.Index == 0);
        updates[0].ToolCallId.Should().Be("call_abc");
        updates[0].FunctionName.Should().Be("get_weather");
        string.Concat(updates.Select(u => u.FunctionArgumentsUpdate?.ToString())).Should().Be("""{"city":"Paris"}""");

        var sent = ChatRequestSent().JsonBody!.AsObject();
        JsonNode.DeepEquals(sent["tools"], JsonNode.Parse("""[{"type":"function","function":{"name":"get_weather","description":"The weather of a city","parameters":{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}}}]""")).Should().BeTrue(sent["tools"]!.ToJsonString());
        sent["tool_choice"]!.ToJsonString().Should().Be("""{"type":"function","function":{"name":"get_weather"}}""");
    }

    [Fact]
    public async Task A_whole_completion_carries_the_joined_call_with_finish_reason_tool_calls()
    {
        _upstream.Reply = StreamedCall;
        await using var factory = new BackendFactory(BackendFactory.OpenAIProvider("Fake", _upstream.OpenAIBaseUrl));

        ChatCompletion completion = await OpenAISdkHost.Client(factory).GetChatClient("fake-model")
            .CompleteChatAsync([new UserChatMessage("Weather in Paris?")], new ChatCompletionOptions { Tools = { Weather } });

        completion.FinishReason.Should().Be(ChatFinishReason.ToolCalls);
        var call = completion.ToolCalls.Should().ContainSingle().Subject;
        call.Id.Should().Be("call_abc");
        call.FunctionName.Should().Be("get_weather");
        call.FunctionArguments.ToString().Should().Be("""{"city":"Paris"}""");
        completion.Content.Should().BeEmpty();
    }

    [Fact]
    public async Task The_streamed_tool_call_chunks_have_OpenAIs_shape()
    {
        _upstream.Reply = StreamedCall;
        await using var factory = new BackendFactory(BackendFactory.OpenAIProvider("Fake", _upstream.OpenAIBaseUrl));

        using var response = await factory.CreateClient().PostAsync("/v1/chat/completions", Json(
            """{"model":"fake-model","stream":true,"messages":[{"role":"user","content":"Weather?"}],"tools":[{"type":"function","function":{"name":"get_weather"}}]}"""));

        var lines = (await response.Content.ReadAsStringAsync()).Split('\n');
        lines.Select(l => l.StartsWith("data: {", StringComparison.Ordinal) ? Normalized(l["data: ".Length..]) : l).ToArray().MatchSnapshot();
    }

    [Fact]
    public async Task A_streamed_call_with_arguments_of_several_MiB_is_relayed_delta_for_delta()
    {
        // 4 Mi characters of arguments in 64 fragments, with characters the relay must escape and unescape.
        const string Pattern = "{\"k\":\"é€ \\\\ \\\"q\\\" \\n\"}, abc";
        var parts = Enumerable.Range(0, 64).Select(i => string.Concat(Enumerable.Repeat(Pattern, 64 * 1024 / Pattern.Length)) + i).ToList();
        List<string> payloads =
        [
            Fragment(new JsonObject { ["index"] = 0, ["id"] = "call_big", ["type"] = "function", ["function"] = new JsonObject { ["name"] = "put_file", ["arguments"] = string.Empty } }),
            .. parts.Select(p => Fragment(new JsonObject { ["index"] = 0, ["function"] = new JsonObject { ["arguments"] = p } })),
            """{"model":"fake-model","choices":[{"index":0,"delta":{},"finish_reason":"tool_calls"}]}""",
            "[DONE]",
        ];
        _upstream.Reply = FakeReply.Chunks([.. payloads]);
        await using var factory = new BackendFactory(BackendFactory.OpenAIProvider("Fake", _upstream.OpenAIBaseUrl));

        using var response = await factory.CreateClient().PostAsync("/v1/chat/completions", Json(
            """{"model":"fake-model","stream":true,"messages":[{"role":"user","content":"Write it"}],"tools":[{"type":"function","function":{"name":"put_file"}}]}"""));

        response.StatusCode.Should().Be(System.Net.HttpStatusCode.OK);
        var deltas = (await response.Content.ReadAsStringAsync()).Split('\n')
            .Where(l => l.StartsWith("data: {", StringComparison.Ordinal))
            .Select(l => JsonNode.Parse(l["data: ".Length..])!["choices"]![0]!["delta"]!["tool_calls"]?[0])
            .OfType<JsonNode>()
            .ToList();
        deltas.Should().OnlyContain(d => d["index"]!.GetValue<int>() == 0);
        deltas[0]["id"]!.GetValue<string>().Should().Be("call_big");
        deltas.Select(d => d["function"]!["arguments"]!.GetValue<string>()).Should().Equal([string.Empty, .. parts]);

        static string Fragment(JsonObject call) => new JsonObject
        {
            ["model"] = "fake-model",
            ["choices"] = new JsonArray(new JsonObject { ["index"] = 0, ["delta"] = new JsonObject { ["tool_calls"] = new JsonArray(call) }, ["finish_reason"] = null }),
        }.ToJsonString();
    }

    [Fact]
    public async Task The_assistant_call_and_the_tool_result_reach_the_upstream_intact()
    {
        _upstream.Reply = FakeReply.Text("It is sunny.");
        await using var factory = new BackendFactory(BackendFactory.OpenAIProvider("Fake", _upstream.OpenAIBaseUrl));
        var call = ChatToolCall.CreateFunctionToolCall("call_abc", "get_weather", BinaryData.FromString("""{"city":"Paris"}"""));

        ChatCompletion completion = await OpenAISdkHost.Client(factory).GetChatClient("fake-model").CompleteChatAsync(
            [new UserChatMessage("Weather in Paris?"), new AssistantChatMessage([call]), new ToolChatMessage("call_abc", "sunny, 21 C")],
            new ChatCompletionOptions { Tools = { Weather } });

        completion.Content.Single().Text.Should().Be("It is sunny.");
        var messages = ChatRequestSent().JsonBody!["messages"]!.AsArray();
        messages.Should().HaveCount(3);
        messages[1]!["role"]!.GetValue<string>().Should().Be("assistant");
        var sentCall = messages[1]!["tool_calls"]![0]!;
        sentCall["id"]!.GetValue<string>().Should().Be("call_abc");
        sentCall["function"]!["name"]!.GetValue<string>().Should().Be("get_weather");
        sentCall["function"]!["arguments"]!.GetValue<string>().Should().Be("""{"city":"Paris"}""");
        messages[2]!.ToJsonString().Should().Be("""{"role":"tool","tool_call_id":"call_abc","content":"sunny, 21 C"}""");
    }

    [Fact]
    public async Task Whole_calls_without_index_or_id_from_Ollama_get_both_and_string_arguments()
    {
        _upstream.Reply = FakeReply.OllamaLines(
            """{"model":"fake-model","message":{"role":"assistant","content":"","tool_calls":[{"function":{"name":"get_weather","arguments":{"city":"Paris"}}},{"function":{"name":"get_time","arguments":{}}}]},"done":false}""",
            """{"model":"fake-model","message":{"role":"assistant","content":""},"done":true,"done_reason":"stop","prompt_eval_count":3,"eval_count":2}""");
        await using var factory = new BackendFactory(new Dictionary<string, string?>
        {
            ["G4F:Providers:Local:Type"] = "Ollama",
            ["G4F:Providers:Local:BaseUrl"] = _upstream.BaseUrl,
        });

        using var response = await factory.CreateClient().PostAsync("/v1/chat/completions", Json(
            """{"model":"fake-model","messages":[{"role":"user","content":"Weather?"}],"tools":[{"type":"function","function":{"name":"get_weather"}},{"type":"function","function":{"name":"get_time"}}]}"""));

        response.StatusCode.Should().Be(System.Net.HttpStatusCode.OK);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var choice = body.RootElement.GetProperty("choices")[0];
        choice.GetProperty("finish_reason").GetString().Should().Be("tool_calls", "Ollama says stop after calling tools; OpenAI clients look for tool_calls");
        choice.GetProperty("message").GetProperty("content").ValueKind.Should().Be(JsonValueKind.Null);
        var calls = choice.GetProperty("message").GetProperty("tool_calls").EnumerateArray().ToList();
        calls.Select(c => c.GetProperty("function").GetProperty("name").GetString()).Should().Equal("get_weather", "get_time");
        calls[0].GetProperty("function").GetProperty("arguments").GetString().Should().Be("""{"city":"Paris"}""");
        calls[1].GetProperty("function").GetProperty("arguments").GetString().Should().Be("{}");
        calls.Select(c => c.GetProperty("id").GetString()).Should().OnlyHaveUniqueItems().And.OnlyContain(id => id!.StartsWith("call_", StringComparison.Ordinal));
        calls.Should().OnlyContain(c => c.GetProperty("type").GetString() == "function");
        ChatRequestSent().JsonBody!["tools"]!.AsArray().Should().HaveCount(2, "Ollama takes tools natively");
    }

    private RecordedRequest ChatRequestSent() => _upstream.Requests.Single(r => r.Path.EndsWith("/chat", StringComparison.Ordinal) || r.Path.EndsWith("/chat/completions", StringComparison.Ordinal));

    public static TheoryData<string, string, string> InvalidTools() => new()
    {
        { "not-an-array", """ "tools":{"type":"function"} """, "tools" },
        { "no-function", """ "tools":[{"type":"function"}] """, "tools[0] must be" },
        { "bad-name", """ "tools":[{"type":"function","function":{"name":"get weather!"}}] """, "tools[0].function.name" },
        { "too-many", "\"tools\":[" + string.Join(',', Enumerable.Repeat(FunctionF, 129)) + "]", "at most 128" },
        { "too-deep", "\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"f\",\"parameters\":" + string.Concat(Enumerable.Repeat("{\"a\":", 40)) + "1" + new string('}', 42) + "]", "nested too deeply" },
        { "unknown-choice", """ "tools":[{"type":"function","function":{"name":"f"}}],"tool_choice":{"type":"function","function":{"name":"g"}} """, "not one of the tools" },
        { "required-without-tools", """ "tool_choice":"required" """, "needs tools" },
        { "bad-choice", """ "tools":[{"type":"function","function":{"name":"f"}}],"tool_choice":"sometimes" """, "tool_choice must be" },
    };

    [Theory]
    [MemberData(nameof(InvalidTools))]
    public async Task Tools_of_the_wrong_shape_or_beyond_the_bounds_are_400_in_OpenAIs_shape(string name, string fields, string message)
    {
        await using var factory = new BackendFactory(BackendFactory.OpenAIProvider("Fake", _upstream.OpenAIBaseUrl));

        using var response = await factory.CreateClient().PostAsync("/v1/chat/completions", Json(
            """{"model":"fake-model","messages":[{"role":"user","content":"Hi"}],""" + fields + "}"));

        response.StatusCode.Should().Be(System.Net.HttpStatusCode.BadRequest, name);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var error = body.RootElement.GetProperty("error");
        error.GetProperty("type").GetString().Should().Be("invalid_request_error");
        error.GetProperty("message").GetString().Should().Contain(message);
        _upstream.Requests.Should().NotContain(r => r.Method == "POST");
    }
}
