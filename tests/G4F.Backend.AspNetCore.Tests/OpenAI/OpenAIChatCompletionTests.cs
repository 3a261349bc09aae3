using System.Text.Json;
using G4F.Backend.AspNetCore.Tests.Infrastructure;
using G4F.Backend.Testing;
using OpenAI.Chat;
using Snapshooter.Xunit;

namespace G4F.Backend.AspNetCore.Tests.OpenAI;

/// <summary><c>/v1/chat/completions</c> with the official OpenAI SDK, sample host, fake upstream streaming real SSE on 127.0.0.1.</summary>
public sealed class OpenAIChatCompletionTests : IAsyncLifetime
{
    private FakeUpstream _upstream = null!;

    public async Task InitializeAsync() => _upstream = await FakeUpstream.StartAsync();

    public async Task DisposeAsync() => await _upstream.DisposeAsync();

    [Fact]
    public async Task The_SDK_gets_a_whole_completion_with_usage()
    {
        _upstream.Reply = FakeReply.Text("Hello", " world").WithUsage(5, 2);
        await using var factory = new BackendFactory(BackendFactory.OpenAIProvider("Fake", _upstream.OpenAIBaseUrl));

        ChatCompletion completion = await OpenAISdkHost.Client(factory).GetChatClient("fake-model").CompleteChatAsync([new UserChatMessage("Say hi")]);

        completion.Content.Should().ContainSingle().Which.Text.Should().Be("Hello world");
        completion.Role.Should().Be(ChatMessageRole.Assistant);
        completion.FinishReason.Should().Be(ChatFinishReason.Stop);
        completion.Model.Should().Be("fake-model");
        completion.Id.Should().StartWith("chatcmpl-");
        completion.Usage.InputTokenCount.Should().Be(5);
        completion.Usage.OutputTokenCount.Should().Be(2);
        completion.Usage.TotalTokenCount.Should().Be(7);
        _upstream.Requests.Should().ContainSingle(r => r.Path.EndsWith("/chat/completions", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_whole_completion_body_has_OpenAIs_shape()
    {
        _upstream.Reply = FakeReply.Text("Hello", " world").WithUsage(5, 2);
        await using var factory = new BackendFactory(BackendFactory.OpenAIProvider("Fake", _upstream.OpenAIBaseUrl));

        using var response = await factory.CreateClient().PostAsync("/v1/chat/completions", Json("""{"model":"fake-model","messages":[{"role":"user","content":"Hi"}]}"""));

        response.StatusCode.Should().Be(System.Net.HttpStatusCode.OK);
        Normalized(await response.Content.ReadAsStringAsync()).MatchSnapshot();
    }

    [Fact]
    public async Task A_non_streamed_completion_is_bounded_in_memory_like_a_whole_create_answer()
    {
        // 17 chunks of 1 Mi characters, over the 16 Mi characters /create allows an answer it must hold whole; then the
        // upstream keeps the request open, so only leaving the turn ends it.
        var chunk = new string('a', 1024 * 1024);
        _upstream.Reply = FakeReply.Text([.. Enumerable.Repeat(chunk, 17)]).ThenHang();
        await using var factory = new BackendFactory(BackendFactory.OpenAIProvider("Fake", _upstream.OpenAIBaseUrl));
        using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(60));

        using var response = await factory.CreateClient().PostAsync("/v1/chat/completions", Json("""{"model":"fake-model","messages":[{"role":"user","content":"Hi"}]}"""), bound.Token);

        response.StatusCode.Should().Be(System.Net.HttpStatusCode.BadGateway);
        var body = await response.Content.ReadAsStringAsync(bound.Token);
        body.Should().Contain($"longer than {G4F.Backend.Conversations.ConversationService.MaxWholeAnswerChars} characters");
        body.MatchSnapshot();

        // Reading stopped at the limit: the upstream saw its request cancelled.
        await _upstream.WaitForCancelledRequestAsync(TimeSpan.FromSeconds(60));
    }

    [Fact]
    public async Task The_SDK_streams_each_upstream_chunk_as_it_is_sent_and_ends_with_usage()
    {
        var firstSeen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _upstream.Reply = FakeReply.Text("Hello", " world").WithUsage(5, 2).WaitAfterChunk(0, firstSeen.Task);
        await using var factory = new BackendFactory(BackendFactory.OpenAIProvider("Fake", _upstream.OpenAIBaseUrl));
        var chat = OpenAISdkHost.Client(factory).GetChatClient("fake-model");

        var texts = new List<string>();
        ChatTokenUsage? usage = null;
        ChatFinishReason? finish = null;
        await foreach (var update in chat.CompleteChatStreamingAsync([new UserChatMessage("Say hi")], new ChatCompletionOptions()).WithCancellation(new CancellationTokenSource(TimeSpan.FromSeconds(60)).Token))
        {
            foreach (var part in update.ContentUpdate)
            {
                texts.Add(part.Text);

                // The upstream holds its second chunk until the first one reached the SDK: nothing is buffered on the way.
                firstSeen.TrySetResult();
            }

            usage = update.Usage ?? usage;
            finish = update.FinishReason ?? finish;
        }

        texts.Should().Equal("Hello", " world");
        finish.Should().Be(ChatFinishReason.Stop);
        usage.Should().NotBeNull("the SDK asks for stream_options.include_usage");
        usage!.TotalTokenCount.Should().Be(7);
    }

    [Fact]
    public async Task The_stream_is_data_chunks_then_usage_then_done()
    {
        _upstream.Reply = FakeReply.Text("Hello", " world").WithUsage(5, 2);
        await using var factory = new BackendFactory(BackendFactory.OpenAIProvider("Fake", _upstream.OpenAIBaseUrl));

        using var response = await factory.CreateClient().PostAsync("/v1/chat/completions",
            Json("""{"model":"fake-model","provider":"Fake","stream":true,"stream_options":{"include_usage":true},"messages":[{"role":"user","content":"Hi"}]}"""));

        response.Content.Headers.ContentType!.MediaType.Should().Be("text/event-stream");
        var lines = (await response.Content.ReadAsStringAsync()).Split('\n');
        lines.Select(l => l.StartsWith("data: {", StringComparison.Ordinal) ? Normalized(l["data: ".Length..]) : l).ToArray().MatchSnapshot();
        lines.Where(l => l.Length > 0).Last().Should().Be("data: [DONE]");
        _upstream.Requests.Single().Body.Should().NotContain("\"provider\"", "the provider field chooses, it is never forwarded");
    }

    [Theory]
    [InlineData("")]
    [InlineData(""","stream_options":{"include_usage":false}""")]
    public async Task Without_include_usage_the_stream_ends_with_the_finish_chunk_and_no_usage(string streamOptions)
    {
        _upstream.Reply = FakeReply.Text("Hello", " world").WithUsage(5, 2);
        await using var factory = new BackendFactory(BackendFactory.OpenAIProvider("Fake", _upstream.OpenAIBaseUrl));

        using var response = await factory.CreateClient().PostAsync("/v1/chat/completions",
            Json($$"""{"model":"fake-model","stream":true{{streamOptions}},"messages":[{"role":"user","content":"Hi"}]}"""));

        var body = await response.Content.ReadAsStringAsync();
        var chunks = DataObjects(body).ToList();
        chunks.Should().HaveCount(3, "two text chunks and the finish chunk");
        chunks.Select(c => c.TryGetProperty("usage", out var usage)).Should().AllBeEquivalentTo(false, "usage was not asked for");
        chunks[^1].GetProperty("choices")[0].GetProperty("finish_reason").GetString().Should().Be("stop");
        body.Split('\n').Where(l => l.Length > 0).Last().Should().Be("data: [DONE]");
    }

    [Fact]
    public async Task Each_text_chunk_is_the_bytes_the_serializer_writes_for_it()
    {
        // Text deltas after the first are written from the serializer's bytes around an empty text, with the text escaped
        // from the upstream's UTF-8: each line must be what a JSON writer with default options writes for the whole chunk.
        string[] texts = ["Hello", " \"quoted\" <b>&'</b>", " é ü 中文", " 😀 emoji", "\t tab\n line \u0001", " back\\slash /"];
        _upstream.Reply = FakeReply.Text(texts).WithModel("upstream-model-é").WithUsage(5, 2);
        await using var factory = new BackendFactory(BackendFactory.OpenAIProvider("Fake", _upstream.OpenAIBaseUrl));

        using var response = await factory.CreateClient().PostAsync("/v1/chat/completions",
            Json("""{"model":"fake-model","stream":true,"messages":[{"role":"user","content":"Hi"}]}"""));

        var lines = (await response.Content.ReadAsStringAsync()).Split('\n').Where(l => l.StartsWith("data: {", StringComparison.Ordinal)).Select(l => l["data: ".Length..]).ToList();
        var textLines = lines.Where(l => l.Contains("\"content\"", StringComparison.Ordinal)).ToList();
        textLines.Should().HaveCount(texts.Length);
        for (var i = 0; i < texts.Length; i++)
        {
            using var line = JsonDocument.Parse(textLines[i]);
            var root = line.RootElement;
            textLines[i].Should().Be(ExpectedTextChunk(root.GetProperty("id").GetString()!, root.GetProperty("created").GetInt64(), root.GetProperty("model").GetString()!, texts[i], first: i == 0));
        }
    }

    private static string ExpectedTextChunk(string id, long created, string model, string text, bool first)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("id", id);
            json.WriteString("object", "chat.completion.chunk");
            json.WriteNumber("created", created);
            json.WriteString("model", model);
            json.WriteStartArray("choices");
            json.WriteStartObject();
            json.WriteNumber("index", 0);
            json.WriteStartObject("delta");
            if (first)
            {
                json.WriteString("role", "assistant");
            }

            json.WriteString("content", text);
            json.WriteEndObject();
            json.WriteNull("finish_reason");
            json.WriteEndObject();
            json.WriteEndArray();
            json.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    [Fact]
    public async Task Reasoning_is_streamed_as_reasoning_content_deltas()
    {
        _upstream.Reply = FakeReply.Chunks(
            """{"model":"fake-model","choices":[{"index":0,"delta":{"reasoning_content":"Let me see."},"finish_reason":null}]}""",
            """{"model":"fake-model","choices":[{"index":0,"delta":{"content":"Answer"},"finish_reason":null}]}""",
            """{"model":"fake-model","choices":[{"index":0,"delta":{},"finish_reason":"stop"}]}""",
            "[DONE]");
        await using var factory = new BackendFactory(BackendFactory.OpenAIProvider("Fake", _upstream.OpenAIBaseUrl));

        using var response = await factory.CreateClient().PostAsync("/v1/chat/completions",
            Json("""{"model":"fake-model","stream":true,"messages":[{"role":"user","content":"Think"}]}"""));

        var deltas = DataObjects(await response.Content.ReadAsStringAsync()).Select(c => c.GetProperty("choices")[0].GetProperty("delta")).ToList();
        deltas[0].GetProperty("reasoning_content").GetString().Should().Be("Let me see.");
        deltas[0].GetProperty("role").GetString().Should().Be("assistant");
        deltas[1].GetProperty("content").GetString().Should().Be("Answer");
    }

    [Fact]
    public async Task A_failure_after_the_first_chunk_ends_with_an_error_event_no_done_and_a_broken_body()
    {
        // Over a real socket: the error chunk must reach the client before the connection ends, and the body must end
        // without its terminating chunk, so an HTTP client reports it as cut short.
        var seen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _upstream.Reply = FakeReply.Text("Partial").WaitAfterChunk(0, seen.Task).ThenAbort();
        await using var factory = new BackendFactory(BackendFactory.OpenAIProvider("Fake", _upstream.OpenAIBaseUrl));

        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions")
        {
            Content = Json("""{"model":"fake-model","stream":true,"messages":[{"role":"user","content":"Hi"}]}"""),
        };
        using var response = await factory.CreateLoopbackClient().SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        var lines = new List<string>();
        Exception? ended = null;
        try
        {
            while (await reader.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(60)) is { } line)
            {
                lines.Add(line);
                if (line.Contains("\"Partial\"", StringComparison.Ordinal))
                {
                    seen.TrySetResult();
                }
            }
        }
        catch (HttpIOException exception)
        {
            ended = exception;
        }

        response.StatusCode.Should().Be(System.Net.HttpStatusCode.OK);
        var data = lines.Where(l => l.StartsWith("data: ", StringComparison.Ordinal)).ToList();
        data.Should().NotContain("data: [DONE]");
        data[0].Should().Contain("\"Partial\"");
        using var last = JsonDocument.Parse(data[^1]["data: ".Length..]);
        last.RootElement.GetProperty("error").GetProperty("type").GetString().Should().Be("upstream_error");
        last.RootElement.GetProperty("error").GetProperty("message").GetString().Should().NotBeNullOrEmpty();
        ended.Should().BeOfType<HttpIOException>("the body ends without its last chunk").Which.HttpRequestError.Should().Be(HttpRequestError.ResponseEnded);
        factory.Logs.GetSnapshot().Should().NotContain(r => r.Level >= Microsoft.Extensions.Logging.LogLevel.Error, "an upstream failure is not a server error");
    }

    [Fact]
    public async Task The_SDK_stream_of_a_failure_after_the_first_chunk_gives_the_partial_text_then_throws()
    {
        var seen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _upstream.Reply = FakeReply.Text("Partial").WaitAfterChunk(0, seen.Task).ThenAbort();
        await using var factory = new BackendFactory(BackendFactory.OpenAIProvider("Fake", _upstream.OpenAIBaseUrl));
        var chat = OpenAISdkHost.Client(factory).GetChatClient("fake-model");

        var texts = new List<string>();
        var call = async () =>
        {
            await foreach (var update in chat.CompleteChatStreamingAsync([new UserChatMessage("Hi")]).WithCancellation(new CancellationTokenSource(TimeSpan.FromSeconds(60)).Token))
            {
                foreach (var part in update.ContentUpdate)
                {
                    texts.Add(part.Text);
                    seen.TrySetResult();
                }
            }
        };

        await call.Should().ThrowAsync<IOException>("an answer cut short must not look complete");
        texts.Should().Equal("Partial");
    }

    [Fact]
    public async Task A_client_that_goes_away_cancels_the_upstream_call()
    {
        _upstream.Reply = FakeReply.Text("Hello").ThenHang();
        await using var factory = new BackendFactory(BackendFactory.OpenAIProvider("Fake", _upstream.OpenAIBaseUrl));
        var chat = OpenAISdkHost.Client(factory).GetChatClient("fake-model");

        await foreach (var update in chat.CompleteChatStreamingAsync([new UserChatMessage("Hi")]))
        {
            if (update.ContentUpdate.Count > 0)
            {
                break;
            }
        }

        await _upstream.WaitForCancelledRequestAsync(TimeSpan.FromSeconds(60));
    }

    internal static StringContent Json(string body) => new(body, System.Text.Encoding.UTF8, "application/json");

    private static IEnumerable<JsonElement> DataObjects(string sse) =>
        sse.Split('\n').Where(l => l.StartsWith("data: {", StringComparison.Ordinal)).Select(l => JsonDocument.Parse(l["data: ".Length..]).RootElement);

    /// <summary>The JSON with its random id and its timestamp replaced, so a snapshot holds only what is stable.</summary>
    internal static string Normalized(string json)
    {
        var node = System.Text.Json.Nodes.JsonNode.Parse(json)!.AsObject();
        if (node.ContainsKey("id"))
        {
            node["id"].Should().NotBeNull().And.Subject.ToString().Should().MatchRegex("^chatcmpl-[0-9a-f]{24}$");
            node["id"] = "chatcmpl-<id>";
        }

        if (node.ContainsKey("created"))
        {
            node["created"]!.GetValue<long>().Should().BePositive();
            node["created"] = 0;
        }

        return node.ToJsonString();
    }
}
