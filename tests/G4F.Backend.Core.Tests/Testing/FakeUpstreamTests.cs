using System.Net;
using System.Text;
using G4F.Backend.Testing;

namespace G4F.Backend.Core.Tests.Testing;

public sealed class FakeUpstreamTests : IAsyncLifetime
{
    private readonly HttpClient _client = new();
    private FakeUpstream _upstream = null!;

    public async Task InitializeAsync() => _upstream = await FakeUpstream.StartAsync();

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _upstream.DisposeAsync();
    }

    [Fact]
    public void Binds_a_loopback_port()
    {
        _upstream.BaseUrl.Should().MatchRegex(@"^http://127\.0\.0\.1:\d+$");
        _upstream.OpenAIBaseUrl.Should().Be(_upstream.BaseUrl + "/v1");
    }

    [Fact]
    public async Task Text_reply_in_the_openai_dialect_is_exact_sse()
    {
        _upstream.Reply = FakeReply.Text("Hel", "lo").WithUsage(7, 2);

        using var response = await PostAsync("/v1/chat/completions", """{"model":"m1","messages":[]}""");

        response.Content.Headers.ContentType!.MediaType.Should().Be("text/event-stream");
        (await response.Content.ReadAsStringAsync()).Should().Be(
            "data: {\"id\":\"chatcmpl-fake\",\"object\":\"chat.completion.chunk\",\"created\":1700000000,\"model\":\"m1\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hel\"},\"finish_reason\":null}]}\n\n" +
            "data: {\"id\":\"chatcmpl-fake\",\"object\":\"chat.completion.chunk\",\"created\":1700000000,\"model\":\"m1\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"lo\"},\"finish_reason\":null}]}\n\n" +
            "data: {\"id\":\"chatcmpl-fake\",\"object\":\"chat.completion.chunk\",\"created\":1700000000,\"model\":\"m1\",\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}\n\n" +
            "data: {\"id\":\"chatcmpl-fake\",\"object\":\"chat.completion.chunk\",\"created\":1700000000,\"model\":\"m1\",\"choices\":[],\"usage\":{\"prompt_tokens\":7,\"completion_tokens\":2,\"total_tokens\":9}}\n\n" +
            "data: [DONE]\n\n");
        _upstream.ChunksWritten.Should().Be(5);
    }

    [Fact]
    public async Task Text_reply_in_the_ollama_dialect_is_ndjson()
    {
        using var response = await PostAsync("/api/chat", """{"model":"llama","messages":[]}""");

        response.Content.Headers.ContentType!.MediaType.Should().Be("application/x-ndjson");
        var lines = (await response.Content.ReadAsStringAsync()).Split('\n');
        lines.Should().HaveCount(4).And.EndWith(string.Empty);
        lines[0].Should().Be("""{"model":"llama","created_at":"2023-11-14T22:13:20Z","message":{"role":"assistant","content":"Hello"},"done":false}""");
        lines[1].Should().Contain("\"content\":\" world\"");
        lines[2].Should().Be("""{"model":"llama","created_at":"2023-11-14T22:13:20Z","message":{"role":"assistant","content":""},"done":true,"done_reason":"stop","prompt_eval_count":5,"eval_count":2}""");
    }

    [Fact]
    public async Task Raw_chunks_are_written_verbatim_without_done()
    {
        _upstream.Reply = FakeReply.Chunks("{\"a\":1}", "odd");

        using var response = await PostAsync("/v1/chat/completions", "{}");

        (await response.Content.ReadAsStringAsync()).Should().Be("data: {\"a\":1}\n\ndata: odd\n\n");
    }

    [Fact]
    public async Task Status_reply_with_header()
    {
        _upstream.Reply = FakeReply.Status(429, "slow down", "text/plain").WithHeader("x-test", "1");

        using var response = await PostAsync("/v1/chat/completions", "{}");

        response.StatusCode.Should().Be(HttpStatusCode.TooManyRequests);
        response.Headers.GetValues("x-test").Should().Equal("1");
        (await response.Content.ReadAsStringAsync()).Should().Be("slow down");
    }

    [Fact]
    public async Task Model_routes_list_models_in_both_dialects()
    {
        _upstream.Models = ["a", "b"];

        (await _client.GetStringAsync(_upstream.OpenAIBaseUrl + "/models")).Should().Be(
            """{"object":"list","data":[{"id":"a","object":"model","owned_by":"fake"},{"id":"b","object":"model","owned_by":"fake"}]}""");
        (await _client.GetStringAsync(_upstream.BaseUrl + "/api/tags")).Should().Be(
            """{"models":[{"name":"a","model":"a"},{"name":"b","model":"b"}]}""");
    }

    [Fact]
    public async Task Models_reply_status_wins()
    {
        _upstream.ModelsReply = FakeReply.Status(401, """{"error":"no"}""");

        using var response = await _client.GetAsync(new Uri(_upstream.OpenAIBaseUrl + "/models"));

        response.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Records_requests_with_headers_and_json_body()
    {
        using var message = new HttpRequestMessage(HttpMethod.Post, _upstream.OpenAIBaseUrl + "/chat/completions")
        {
            Content = new StringContent("""{"model":"m2"}""", Encoding.UTF8, "application/json"),
        };
        message.Headers.Add("X-Custom", "v");
        using var response = await _client.SendAsync(message);

        var recorded = _upstream.Requests.Should().ContainSingle().Subject;
        recorded.Method.Should().Be("POST");
        recorded.Path.Should().Be("/v1/chat/completions");
        recorded.Headers["x-custom"].Should().Be("v");
        recorded.Body.Should().Be("""{"model":"m2"}""");
        recorded.Model.Should().Be("m2");
    }

    [Fact]
    public async Task Reply_selector_wins_over_reply()
    {
        _upstream.ReplySelector = r => r.Model == "bad" ? FakeReply.Status(500, "{}") : FakeReply.Text("ok");

        using var bad = await PostAsync("/v1/chat/completions", """{"model":"bad"}""");
        using var good = await PostAsync("/v1/chat/completions", """{"model":"good"}""");

        bad.StatusCode.Should().Be(HttpStatusCode.InternalServerError);
        (await good.Content.ReadAsStringAsync()).Should().Contain("\"content\":\"ok\"");
    }

    [Fact]
    public async Task Gate_holds_the_stream_after_the_chunk_and_a_client_leaving_counts_as_cancelled()
    {
        var gate = new TaskCompletionSource();
        _upstream.Reply = FakeReply.Text("first", "second").WaitAfterChunk(0, gate.Task);
        using var message = new HttpRequestMessage(HttpMethod.Post, _upstream.OpenAIBaseUrl + "/chat/completions") { Content = new StringContent("{}") };

        using (var response = await _client.SendAsync(message, HttpCompletionOption.ResponseHeadersRead))
        {
            await using var stream = await response.Content.ReadAsStreamAsync();
            using var reader = new StreamReader(stream);
            (await reader.ReadLineAsync()).Should().Contain("\"content\":\"first\"");
            _upstream.ChunksWritten.Should().Be(1, "the upstream waits at the gate");
        }

        await _upstream.WaitForCancelledRequestAsync(TimeSpan.FromSeconds(30));
        _upstream.CancelledRequests.Should().Be(1);
        _upstream.ChunksWritten.Should().Be(1);
    }

    [Fact]
    public async Task Waiting_for_a_cancellation_that_never_comes_times_out()
    {
        using var response = await PostAsync("/v1/chat/completions", "{}");

        var wait = () => _upstream.WaitForCancelledRequestAsync(TimeSpan.FromMilliseconds(50));

        await wait.Should().ThrowAsync<TimeoutException>();
        _upstream.CancelledRequests.Should().Be(0, "a reply that finished is not a cancelled one");
    }

    [Fact]
    public async Task Then_abort_breaks_the_connection_after_the_chunks()
    {
        _upstream.Reply = FakeReply.Text("partial").ThenAbort();

        var read = async () =>
        {
            using var response = await PostAsync("/v1/chat/completions", "{}");
            await response.Content.ReadAsStringAsync();
        };

        await read.Should().ThrowAsync<HttpRequestException>();
        _upstream.CancelledRequests.Should().Be(0, "the server aborted, not the client");
    }

    private async Task<HttpResponseMessage> PostAsync(string path, string json) =>
        await _client.PostAsync(new Uri(_upstream.BaseUrl + path), new StringContent(json, Encoding.UTF8, "application/json"));
}
