using System.Net;
using System.Text;
using System.Text.Json;
using G4F.Backend.AspNetCore.Tests.Infrastructure;
using G4F.Backend.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace G4F.Backend.AspNetCore.Tests.Conversations;

/// <summary>What happens around the stream: checks before it, streaming itself, disconnects and hung upstreams.</summary>
public sealed class ConversationHttpTests : IAsyncLifetime
{
    private FakeUpstream _upstream = null!;

    public async Task InitializeAsync() => _upstream = await FakeUpstream.StartAsync();

    public async Task DisposeAsync() => await _upstream.DisposeAsync();

    private BackendFactory Backend(params (string Key, string? Value)[] extra)
    {
        var settings = BackendFactory.OpenAIProvider("Fake", _upstream.OpenAIBaseUrl);
        foreach (var (key, value) in extra)
        {
            settings[key] = value;
        }

        return new BackendFactory(settings);
    }

    [Theory]
    [InlineData("{not json", "Invalid JSON data")]
    [InlineData("", "Invalid JSON data")]
    [InlineData("[1,2]", "Invalid JSON data")]
    [InlineData("\"text\"", "Invalid JSON data")]
    [InlineData("{\"messages\":[],\"messages\":[]}", "Invalid JSON data")]
    [InlineData("{\"\\udc00\":1}", "Invalid JSON data")]
    [InlineData("{}", "messages must be a non-empty array")]
    [InlineData("""{"messages":[]}""", "messages must be a non-empty array")]
    [InlineData("""{"messages":"hi"}""", "messages must be a non-empty array")]
    [InlineData("""{"messages":["hello"]}""", "messages[0] must be an object")]
    public async Task Bad_input_is_refused_with_400_and_the_json_envelope(string body, string message)
    {
        await using var factory = Backend();

        using var response = await factory.CreateClient().PostConversationAsync(body);

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/json");
        (await response.Content.ReadAsStringAsync()).Should().Be(JsonSerializer.Serialize(new { error = new { message } }));
        _upstream.Requests.Should().BeEmpty();
    }

    [Fact]
    public async Task Optional_fields_of_the_wrong_shape_are_left_out_and_noted_in_the_debug_log()
    {
        // What the client's settings form sends for a cleared box, a slider at 0 and typos.
        await using var factory = Backend();

        var transcript = await factory.CreateClient().ConverseAsync(
            """{"provider":"Fake","model":"fake-model","messages":[{"role":"user","content":"Hi"}],"debug_mode":true,"temperature":"hot","max_tokens":0,"top_p":7,"response_format":"","tools":{},"stop":["a",null],"api_key":42}""");

        transcript.Content.Should().Be("Hello world");
        var body = _upstream.Requests.Last().JsonBody!.AsObject();
        body.Select(p => p.Key).Should().NotContain(["temperature", "max_tokens", "top_p", "response_format", "tools", "stop"]);
        transcript.OfType("log").Select(l => l.GetProperty("log").GetString()).Should().Equal(
            "Ignored request field 'api_key': it is not a string or an object of strings",
            "Ignored request field 'temperature': it is not a number",
            "Ignored request field 'top_p': it is outside 0..1",
            "Ignored request field 'stop': it is not a string or an array of strings",
            "Ignored request field 'tools': it is not an array");
    }

    [Fact]
    public async Task A_malformed_multipart_body_is_400_not_413()
    {
        await using var factory = Backend();
        using var content = new StringContent("--b\r\nContent-Disposition: form-data; name=\"json\"\r\n\r\n{\"messages\"", Encoding.UTF8);
        content.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse("multipart/form-data; boundary=b");

        using var response = await factory.CreateClient().PostAsync(HttpClientExtensions.ConversationPath, content);

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await response.Content.ReadAsStringAsync()).Should().Be("""{"error":{"message":"Invalid multipart body"}}""");
    }

    [Fact]
    public async Task An_unknown_provider_is_404_before_the_stream()
    {
        await using var factory = Backend();

        using var response = await factory.CreateClient().PostConversationAsync("""{"provider":"Nope","messages":[{"role":"user","content":"x"}]}""");

        response.StatusCode.Should().Be(HttpStatusCode.NotFound);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        body.RootElement.GetProperty("error").GetProperty("message").GetString().Should().Be("Provider with label 'Nope' not found");
    }

    [Fact]
    public async Task A_body_over_the_limit_is_413()
    {
        await using var factory = Backend(("G4F:MaxRequestBodyBytes", "1024"));
        var big = $$"""{"messages":[{"role":"user","content":"{{new string('x', 2048)}}"}]}""";

        using var response = await factory.CreateClient().PostConversationAsync(big);

        response.StatusCode.Should().Be(HttpStatusCode.RequestEntityTooLarge);
        (await response.Content.ReadAsStringAsync()).Should().Contain("larger than 1024 bytes");
    }

    [Fact]
    public async Task The_json_form_field_of_a_multipart_request_is_accepted()
    {
        await using var factory = Backend();
        using var form = new MultipartFormDataContent
        {
            { new StringContent("""{"model":"fake-model","provider":"Fake","messages":[{"role":"user","content":"Hi"}]}"""), "json" },
        };

        using var response = await factory.CreateClient().PostAsync(HttpClientExtensions.ConversationPath, form);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        (await SseTranscript.ReadAsync(response)).Content.Should().Be("Hello world");
    }

    [Fact]
    public async Task The_stream_headers_forbid_buffering_and_caching()
    {
        await using var factory = Backend();

        using var response = await factory.CreateClient().PostConversationAsync("""{"provider":"Fake","model":"fake-model","messages":[{"role":"user","content":"Hi"}]}""");

        response.Headers.CacheControl!.NoCache.Should().BeTrue();
        response.Headers.GetValues("X-Accel-Buffering").Should().Equal("no");
        response.Content.Headers.ContentLength.Should().BeNull();
    }

    [Fact]
    public async Task The_first_content_reaches_the_client_while_the_upstream_is_still_streaming()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _upstream.Reply = FakeReply.Text("first", "second").WaitAfterChunk(0, gate.Task);
        await using var factory = Backend();

        using var response = await factory.CreateClient().PostConversationAsync("""{"provider":"Fake","model":"fake-model","messages":[{"role":"user","content":"Hi"}]}""");
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(), Encoding.UTF8);
        string? record;
        do
        {
            record = await SseTranscript.ReadRecordAsync(reader).WaitAsync(TimeSpan.FromSeconds(30));
        }
        while (record is not null && !record.StartsWith("event: content", StringComparison.Ordinal));

        record.Should().Contain("\"content\":\"first\"");
        gate.Task.IsCompleted.Should().BeFalse("the upstream is still holding back its second chunk");
        gate.SetResult();
        var rest = new StringBuilder();
        while (await SseTranscript.ReadRecordAsync(reader) is { } next)
        {
            rest.Append(next);
        }

        rest.ToString().Should().Contain("\"content\":\"second\"");
    }

    [Fact]
    public async Task Chunks_that_arrive_together_leave_in_a_few_writes_not_one_each()
    {
        // The whole upstream answer in one write: the backend reads its 40 chunks together.
        const int Chunks = 40;
        var sse = new StringBuilder();
        for (var i = 0; i < Chunks; i++)
        {
            sse.Append("data: {\"id\":\"c\",\"model\":\"fake-model\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"t").Append(i).Append(" \"},\"finish_reason\":null}]}\n\n");
        }

        _upstream.Reply = FakeReply.Bytes(Encoding.UTF8.GetBytes(sse.Append("data: [DONE]\n\n").ToString()));
        var counter = new ResponseWriteCounter();
        await using var factory = new BackendFactory(
            BackendFactory.OpenAIProvider("Fake", _upstream.OpenAIBaseUrl),
            services => services.AddSingleton<IStartupFilter>(counter));

        var transcript = await factory.CreateClient().ConverseAsync("""{"provider":"Fake","model":"fake-model","messages":[{"role":"user","content":"Hi"}]}""");

        transcript.OfType("content").Should().HaveCount(Chunks);
        transcript.Content.Should().Be(string.Concat(Enumerable.Range(0, Chunks).Select(i => $"t{i} ")));

        // One flush and several writes an event would be 40+ of each; a read of the upstream is a batch here.
        counter.Flushes.Should().BeLessThan(Chunks / 4);
        counter.Writes.Should().BeLessThan(Chunks / 4);
    }

    [Fact]
    public async Task The_last_events_are_left_for_the_server_to_send_with_the_end_of_the_body()
    {
        // Flushed apart, the finish and usage events and the body's end (HTTP/1.1's last chunk) would leave in two writes.
        _upstream.Reply = FakeReply.Text("Hello", " world");
        var counter = new ResponseWriteCounter();
        await using var factory = new BackendFactory(
            BackendFactory.OpenAIProvider("Fake", _upstream.OpenAIBaseUrl),
            services => services.AddSingleton<IStartupFilter>(counter));

        var transcript = await factory.CreateClient().ConverseAsync("""{"provider":"Fake","model":"fake-model","messages":[{"role":"user","content":"Hi"}]}""");

        transcript.Content.Should().Be("Hello world");
        transcript.OfType("finish").Should().ContainSingle();
        counter.WrittenSinceFlush.Should().BeGreaterThan(0, "the route ends the response instead of flushing its last batch first");
    }

    [Fact]
    public async Task A_client_disconnect_cancels_the_upstream_request()
    {
        _upstream.Reply = FakeReply.Text("partial").ThenHang();
        await using var factory = Backend();
        var client = factory.CreateClient();
        using var cts = new CancellationTokenSource();

        var response = await client.PostConversationAsync("""{"provider":"Fake","model":"fake-model","messages":[{"role":"user","content":"Hi"}]}""", cancellationToken: cts.Token);
        var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cts.Token), Encoding.UTF8);
        while (await SseTranscript.ReadRecordAsync(reader).WaitAsync(TimeSpan.FromSeconds(30)) is { } record && !record.Contains("\"partial\"", StringComparison.Ordinal))
        {
        }

        _upstream.CancelledRequests.Should().Be(0);
        cts.Cancel();
        response.Dispose();

        await _upstream.WaitForCancelledRequestAsync(TimeSpan.FromSeconds(30));
        _upstream.CancelledRequests.Should().Be(1);
    }

    [Fact]
    public async Task A_hung_upstream_ends_in_an_error_event_within_the_idle_timeout()
    {
        _upstream.Reply = FakeReply.Text("partial").ThenHang();
        await using var factory = Backend(("G4F:Providers:Fake:Timeouts:Idle", "00:00:00.500"));

        var transcript = await factory.CreateClient().ConverseAsync("""{"provider":"Fake","model":"fake-model","messages":[{"role":"user","content":"Hi"}]}""")
            .WaitAsync(TimeSpan.FromSeconds(30));

        transcript.Content.Should().Be("partial");
        var error = transcript.OfType("error").Single();
        error.GetProperty("error").GetString().Should().Be("TimeoutError");
    }

    [Fact]
    public async Task An_unreachable_provider_ends_in_a_clear_error_event()
    {
        var closedPort = FakeUpstream.GetUnusedLoopbackPort();
        await using var factory = new BackendFactory(BackendFactory.OpenAIProvider("Down", $"http://127.0.0.1:{closedPort}/v1"));

        var transcript = await factory.CreateClient().ConverseAsync("""{"provider":"Down","model":"m","messages":[{"role":"user","content":"Hi"}]}""");

        transcript.Types.Should().Equal("provider", "parameters", "error");
        transcript.OfType("error").Single().GetProperty("message").GetString().Should().StartWith("ConnectionError: Down is unreachable");
    }
}
