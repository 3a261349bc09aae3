using System.ClientModel;
using G4F.Backend.AspNetCore.Tests.Infrastructure;
using G4F.Backend.Testing;
using Microsoft.Extensions.AI;

namespace G4F.Backend.AspNetCore.Tests.OpenAI;

/// <summary>
/// <c>Microsoft.Extensions.AI</c>'s OpenAI <see cref="IChatClient"/> (over the official SDK) talking to <c>/v1</c>:
/// what a .NET team plugs in first. Fake upstream streaming real SSE on 127.0.0.1.
/// </summary>
public sealed class ExtensionsAIChatClientTests : IAsyncLifetime
{
    private FakeUpstream _upstream = null!;

    public async Task InitializeAsync() => _upstream = await FakeUpstream.StartAsync();

    public async Task DisposeAsync() => await _upstream.DisposeAsync();

    [Fact]
    public async Task A_completion_has_the_text_the_model_and_the_usage()
    {
        _upstream.Reply = FakeReply.Text("Hello", " world").WithUsage(5, 2);
        await using var factory = Backend();

        var response = await Client(factory).GetResponseAsync("Say hi");

        response.Text.Should().Be("Hello world");
        response.ModelId.Should().Be("fake-model");
        response.FinishReason.Should().Be(ChatFinishReason.Stop);
        response.Usage!.InputTokenCount.Should().Be(5);
        response.Usage.OutputTokenCount.Should().Be(2);
        response.Usage.TotalTokenCount.Should().Be(7);
    }

    [Fact]
    public async Task A_stream_has_each_delta_then_the_usage()
    {
        _upstream.Reply = FakeReply.Text("Hello", " world").WithUsage(5, 2);
        await using var factory = Backend();

        var texts = new List<string>();
        UsageDetails? usage = null;
        await foreach (var update in Client(factory).GetStreamingResponseAsync("Say hi"))
        {
            if (update.Text is { Length: > 0 } text)
            {
                texts.Add(text);
            }

            usage = update.Contents.OfType<UsageContent>().FirstOrDefault()?.Details ?? usage;
        }

        texts.Should().Equal("Hello", " world");
        usage!.TotalTokenCount.Should().Be(7);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Function_invocation_calls_the_tool_and_sends_its_result_back_for_the_answer(bool streaming)
    {
        _upstream.ReplySelector = request => request.Body.Contains("\"role\":\"tool\"", StringComparison.Ordinal)
            ? FakeReply.Text("It is sunny in Paris.")
            : FakeReply.Chunks(
                """{"model":"fake-model","choices":[{"index":0,"delta":{"role":"assistant","tool_calls":[{"index":0,"id":"call_1","type":"function","function":{"name":"get_weather","arguments":"{\"ci"}}]},"finish_reason":null}]}""",
                """{"model":"fake-model","choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":"ty\":\"Paris\"}"}}]},"finish_reason":"tool_calls"}]}""",
                "[DONE]");
        await using var factory = Backend();
        var cities = new List<string>();
        var weather = AIFunctionFactory.Create((string city) =>
        {
            cities.Add(city);
            return "sunny, 21 C";
        }, "get_weather", "The weather of a city");
        using var client = new ChatClientBuilder(Client(factory)).UseFunctionInvocation().Build();
        var options = new ChatOptions { Tools = [weather] };

        string answer;
        if (streaming)
        {
            var parts = new List<string>();
            await foreach (var update in client.GetStreamingResponseAsync("Weather in Paris?", options))
            {
                parts.Add(update.Text);
            }

            answer = string.Concat(parts);
        }
        else
        {
            answer = (await client.GetResponseAsync("Weather in Paris?", options)).Text;
        }

        answer.Should().Be("It is sunny in Paris.");
        cities.Should().Equal("Paris");
        var rounds = _upstream.Requests.Where(r => r.Path.EndsWith("/chat/completions", StringComparison.Ordinal)).ToList();
        rounds.Should().HaveCount(2);
        rounds[0].JsonBody!["tools"]![0]!["function"]!["name"]!.GetValue<string>().Should().Be("get_weather");
        var messages = rounds[1].JsonBody!["messages"]!.AsArray();
        messages[1]!["tool_calls"]![0]!["id"]!.GetValue<string>().Should().Be("call_1");
        // The client writes the arguments it parsed back in its own layout: compared as JSON.
        var arguments = System.Text.Json.Nodes.JsonNode.Parse(messages[1]!["tool_calls"]![0]!["function"]!["arguments"]!.GetValue<string>());
        System.Text.Json.Nodes.JsonNode.DeepEquals(arguments, System.Text.Json.Nodes.JsonNode.Parse("""{"city":"Paris"}""")).Should().BeTrue();
        messages[2]!["role"]!.GetValue<string>().Should().Be("tool");
        messages[2]!["tool_call_id"]!.GetValue<string>().Should().Be("call_1");
        messages[2]!["content"]!.ToJsonString().Should().Contain("sunny, 21 C");
    }

    [Theory]
    [InlineData(401, """{"error":{"message":"Invalid key","type":"invalid_request_error","code":"invalid_api_key"}}""", 401)]
    [InlineData(429, """{"error":{"message":"Slow down","type":"rate_limit_error"}}""", 429)]
    [InlineData(404, """{"error":{"message":"The model `fake-model` does not exist","type":"invalid_request_error","code":"model_not_found"}}""", 404)]
    [InlineData(500, """{"error":{"message":"upstream broke"}}""", 502)]
    public async Task Each_upstream_error_class_reaches_the_client_with_its_status(int upstreamStatus, string upstreamBody, int expected)
    {
        _upstream.Reply = FakeReply.Status(upstreamStatus, upstreamBody);
        await using var factory = Backend();

        var call = () => Client(factory).GetResponseAsync("Hi");

        var thrown = await call.Should().ThrowAsync<ClientResultException>();
        thrown.Which.Status.Should().Be(expected);
    }

    [Fact]
    public async Task A_streamed_upstream_error_reaches_the_client_as_an_exception()
    {
        _upstream.Reply = FakeReply.Status(429, """{"error":{"message":"Slow down","type":"rate_limit_error"}}""");
        await using var factory = Backend();

        var call = async () =>
        {
            await foreach (var update in Client(factory).GetStreamingResponseAsync("Hi"))
            {
                _ = update;
            }
        };

        (await call.Should().ThrowAsync<ClientResultException>()).Which.Status.Should().Be(429);
    }

    [Fact]
    public async Task A_stream_that_fails_after_the_first_chunk_gives_the_partial_text_then_throws()
    {
        // The upstream sends an error chunk after the first text: the front door's answer has begun, so only the
        // broken end of the stream can tell the client that the text is not all of the answer.
        var seen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _upstream.Reply = FakeReply.Chunks(
            """{"model":"fake-model","choices":[{"index":0,"delta":{"role":"assistant","content":"Partial"},"finish_reason":null}]}""",
            """{"error":{"message":"The server had an error while processing your request.","type":"server_error"}}""")
            .WaitAfterChunk(0, seen.Task);
        await using var factory = Backend();

        var texts = new List<string>();
        var call = async () =>
        {
            await foreach (var update in Client(factory).GetStreamingResponseAsync("Hi").WithCancellation(new CancellationTokenSource(TimeSpan.FromSeconds(60)).Token))
            {
                if (update.Text is { Length: > 0 } text)
                {
                    texts.Add(text);
                    seen.TrySetResult();
                }
            }
        };

        await call.Should().ThrowAsync<IOException>("an answer cut short must not look complete");
        texts.Should().Equal("Partial");
    }

    [Fact]
    public async Task A_request_the_front_door_refuses_is_a_400()
    {
        await using var factory = Backend();
        var options = new ChatOptions { ResponseFormat = ChatResponseFormat.ForJsonSchema(System.Text.Json.JsonDocument.Parse("{}").RootElement, "not a valid name") };

        var call = () => Client(factory).GetResponseAsync("Hi", options);

        (await call.Should().ThrowAsync<ClientResultException>()).Which.Status.Should().Be(400);
    }

    private BackendFactory Backend() => new(BackendFactory.OpenAIProvider("Fake", _upstream.OpenAIBaseUrl));

    private static IChatClient Client(BackendFactory factory) => OpenAISdkHost.Client(factory).GetChatClient("fake-model").AsIChatClient();
}
