using System.Net;
using System.Net.Http.Json;
using G4F.Backend.AspNetCore.Tests.Infrastructure;
using G4F.Backend.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace G4F.Backend.AspNetCore.Tests.QuickAnswers;

/// <summary><c>GET /backend-api/v2/create</c> with text answers (PROTOCOL 4): streamed, filtered, cached, and its errors before the first byte.</summary>
public sealed class QuickAnswerTextTests : IAsyncLifetime
{
    private FakeUpstream _upstream = null!;

    public async Task InitializeAsync() => _upstream = await FakeUpstream.StartAsync();

    public async Task DisposeAsync() => await _upstream.DisposeAsync();

    private BackendFactory Backend() => new(BackendFactory.OpenAIProvider("Fake", _upstream.OpenAIBaseUrl));

    private int ChatCalls => _upstream.Requests.Count(r => r.Path.EndsWith("/chat/completions", StringComparison.Ordinal));

    [Fact]
    public async Task A_text_answer_is_plain_text_and_the_prompt_is_the_single_user_message()
    {
        _upstream.Reply = FakeReply.Text("Hello", " world");
        await using var factory = Backend();

        using var response = await factory.CreateClient().GetAsync("/backend-api/v2/create?prompt=Say%20hi&provider=Fake&model=fake-model");

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.ToString().Should().Be("text/plain; charset=utf-8");
        (await response.Content.ReadAsStringAsync()).Should().Be("Hello world");
        var call = _upstream.Requests.Single(r => r.Path.EndsWith("/chat/completions", StringComparison.Ordinal));
        call.JsonBody!["messages"]!.ToJsonString().Should().Be("""[{"role":"user","content":"Say hi"}]""");
        call.Model.Should().Be("fake-model");
    }

    [Fact]
    public async Task The_first_chunk_reaches_the_client_before_the_upstream_finishes()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _upstream.Reply = FakeReply.Text("First", " second").WaitAfterChunk(0, release.Task);
        await using var factory = Backend();

        using var response = await factory.CreateClient().GetAsync("/backend-api/v2/create?prompt=x&provider=Fake", HttpCompletionOption.ResponseHeadersRead);
        var stream = await response.Content.ReadAsStreamAsync();
        var buffer = new byte[64];
        var read = await stream.ReadAsync(buffer).AsTask().WaitAsync(TimeSpan.FromSeconds(30));
        System.Text.Encoding.UTF8.GetString(buffer, 0, read).Should().Be("First", "the upstream still holds its second chunk");
        release.SetResult();
        (await new StreamReader(stream).ReadToEndAsync()).Should().Be(" second");
    }

    [Fact]
    public async Task The_last_chunks_are_left_for_the_server_to_send_with_the_end_of_the_body()
    {
        // Flushed apart, the last text and the body's end (HTTP/1.1's last chunk) would leave in two writes to the socket.
        _upstream.Reply = FakeReply.Text("Hello", " world");
        var counter = new ResponseWriteCounter();
        await using var factory = new BackendFactory(
            BackendFactory.OpenAIProvider("Fake", _upstream.OpenAIBaseUrl),
            services => services.AddSingleton<IStartupFilter>(counter));

        var text = await factory.CreateClient().GetStringAsync("/backend-api/v2/create?prompt=x&provider=Fake");

        text.Should().Be("Hello world");
        counter.WrittenSinceFlush.Should().BeGreaterThan(0, "the route ends the response instead of flushing its last batch first");
    }

    [Fact]
    public async Task Leading_reasoning_is_skipped_later_reasoning_is_text_and_a_length_finish_is_noted()
    {
        _upstream.Reply = FakeReply.Chunks(
            """{"choices":[{"index":0,"delta":{"reasoning_content":"pondering"}}]}""",
            """{"choices":[{"index":0,"delta":{"content":"Answer"}}]}""",
            """{"choices":[{"index":0,"delta":{"reasoning_content":" aside"}}]}""",
            """{"choices":[{"index":0,"delta":{},"finish_reason":"length"}]}""");
        await using var factory = Backend();

        var text = await factory.CreateClient().GetStringAsync("/backend-api/v2/create?prompt=x&provider=Fake");

        text.Should().Be("Answer aside[length]");
    }

    [Fact]
    public async Task Streamed_text_is_the_utf8_of_each_chunks_text()
    {
        // The chunks stay the upstream's UTF-8 through the turn (no string made of them): the body is their text's encoding.
        _upstream.Reply = FakeReply.Chunks(
            """{"choices":[{"index":0,"delta":{"content":"h\u00e9 \ud83c\udf0d"}}]}""",
            """{"choices":[{"index":0,"delta":{"content":" \u00fcber"}}]}""");
        await using var factory = Backend();

        var body = await factory.CreateClient().GetByteArrayAsync("/backend-api/v2/create?prompt=x&provider=Fake");

        body.Should().Equal(System.Text.Encoding.UTF8.GetBytes("h\u00e9 \U0001F30D \u00fcber"));
    }

    [Theory]
    [InlineData("filter_markdown=true", "{\"a\": 1}")]
    [InlineData("filter_markdown=1", "{\"a\": 1}")]
    [InlineData("json=true", "{\"a\": 1}")]
    [InlineData("filter_markdown=json", "{\"a\": 1}")]
    [InlineData("filter_markdown=json,yaml", "{\"a\": 1}")]
    [InlineData("filter_markdown=python", "")]
    public async Task Filter_markdown_answers_only_the_tagged_code_block(string filter, string expected)
    {
        _upstream.Reply = FakeReply.Text("Here you go:\n```json\n", "{\"a\": 1}", "\n```\nAnything else?");
        await using var factory = Backend();

        var text = await factory.CreateClient().GetStringAsync($"/backend-api/v2/create?prompt=x&provider=Fake&{filter}");

        text.Should().Be(expected);
    }

    [Fact]
    public async Task Filter_true_without_a_tagged_block_answers_the_whole_text()
    {
        _upstream.Reply = FakeReply.Text("No code ", "here");
        await using var factory = Backend();

        var text = await factory.CreateClient().GetStringAsync("/backend-api/v2/create?prompt=x&provider=Fake&filter_markdown=true");

        text.Should().Be("No code here");
    }

    [Fact]
    public async Task A_cached_answer_is_served_without_calling_the_provider_again()
    {
        _upstream.Reply = FakeReply.Text("Cached ", "answer");
        await using var factory = Backend();
        var client = factory.CreateClient();

        var first = await client.GetStringAsync("/backend-api/v2/create?prompt=x&provider=Fake&cache=1");
        _upstream.Reply = FakeReply.Status(500, """{"error":{"message":"down"}}""");
        var second = await client.GetStringAsync("/backend-api/v2/create?prompt=x&provider=Fake&cache=1");
        var filtered = await client.GetStringAsync("/backend-api/v2/create?prompt=x&provider=Fake&cache=1&filter_markdown=true");

        first.Should().Be("Cached answer");
        second.Should().Be("Cached answer");
        filtered.Should().Be("Cached answer", "the raw answer is cached and filtered when served");
        ChatCalls.Should().Be(1);
        Directory.GetFiles(Path.Combine(factory.DataDirectory, "create-cache")).Should().ContainSingle()
            .Which.Should().MatchRegex("[0-9a-f]{64}\\.txt$", "the file name never carries the prompt");
    }

    [Theory]
    [InlineData("cache=2")]
    [InlineData("cache=1&model=other-model")]
    [InlineData("cache=1&web_search=cats")]
    public async Task The_cache_key_covers_the_cache_value_and_the_parameters(string variant)
    {
        _upstream.Models = ["fake-model", "other-model"];
        _upstream.Reply = FakeReply.Text("answer");
        await using var factory = Backend();
        var client = factory.CreateClient();

        await client.GetStringAsync("/backend-api/v2/create?prompt=x&provider=Fake&cache=1");
        await client.GetStringAsync($"/backend-api/v2/create?prompt=x&provider=Fake&{variant}");

        ChatCalls.Should().Be(2);
    }

    [Fact]
    public async Task An_empty_answer_is_not_cached()
    {
        _upstream.Reply = FakeReply.Text();
        await using var factory = Backend();
        var client = factory.CreateClient();

        (await client.GetStringAsync("/backend-api/v2/create?prompt=x&provider=Fake&cache=1")).Should().BeEmpty();
        _upstream.Reply = FakeReply.Text("now");
        (await client.GetStringAsync("/backend-api/v2/create?prompt=x&provider=Fake&cache=1")).Should().Be("now");

        ChatCalls.Should().Be(2);
    }

    [Theory]
    [InlineData(401, 401, "MissingAuthError: Response 401: bad key")]
    [InlineData(429, 429, "RateLimitError: Response 429: bad key")]
    [InlineData(500, 500, "ResponseStatusError: Response 500: bad key")]
    [InlineData(402, 429, "RateLimitError: Response 402: bad key")]
    [InlineData(504, 502, "RateLimitError: Response 504: bad key")]
    public async Task Upstream_failures_before_the_first_byte_get_their_status_and_the_json_envelope(int upstream, int status, string message)
    {
        _upstream.Reply = FakeReply.Status(upstream, """{"error":{"message":"bad key"}}""");
        await using var factory = Backend();

        using var response = await factory.CreateClient().GetAsync("/backend-api/v2/create?prompt=x&provider=Fake");

        ((int)response.StatusCode).Should().Be(status);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/json");
        (await response.Content.ReadAsStringAsync()).Should().Be($$$"""{"error":{"message":"{{{message}}}"}}""");
    }

    [Fact]
    public async Task An_unreachable_provider_is_a_bad_gateway_as_at_synthesize_and_v1()
    {
        await using var factory = new BackendFactory(BackendFactory.OpenAIProvider("Down", "http://127.0.0.1:9/v1"));

        using var response = await factory.CreateClient().GetAsync("/backend-api/v2/create?prompt=x&provider=Down");

        response.StatusCode.Should().Be(HttpStatusCode.BadGateway);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/json");
        (await response.Content.ReadAsStringAsync()).Should().StartWith("""{"error":{"message":"ConnectionError: """);
    }

    [Fact]
    public async Task When_every_provider_failed_the_deciding_failure_gives_the_status_as_at_v1()
    {
        _upstream.Reply = FakeReply.Status(429, """{"error":{"message":"slow down"}}""");
        await using var factory = new BackendFactory(BackendFactory.Merge(
            BackendFactory.OpenAIProvider("Down", "http://127.0.0.1:9/v1", priority: 0),
            BackendFactory.OpenAIProvider("Fake", _upstream.OpenAIBaseUrl, priority: 1)));

        using var response = await factory.CreateClient().GetAsync("/backend-api/v2/create?prompt=x");

        response.StatusCode.Should().Be(HttpStatusCode.TooManyRequests, "an unreachable provider never hides another's answer");
        (await response.Content.ReadAsStringAsync()).Should().StartWith("""{"error":{"message":"RetryProviderError: """);
    }

    [Fact]
    public async Task An_unknown_provider_or_model_is_404()
    {
        await using var factory = Backend();
        var client = factory.CreateClient();

        using var provider = await client.GetAsync("/backend-api/v2/create?prompt=x&provider=Nope");
        using var model = await client.GetAsync("/backend-api/v2/create?prompt=x&model=no-such-model");

        provider.StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await provider.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("error").GetProperty("message").GetString()
            .Should().Be("ProviderNotFoundError: Provider with label 'Nope' not found");
        model.StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await model.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("error").GetProperty("message").GetString()
            .Should().Be("ModelNotFoundError: No enabled provider serves model 'no-such-model'");
        ChatCalls.Should().Be(0);
    }

    [Fact]
    public async Task A_missing_prompt_is_400_and_another_method_405()
    {
        await using var factory = Backend();
        var client = factory.CreateClient();

        using var missing = await client.GetAsync("/backend-api/v2/create?provider=Fake&prompt=");
        using var post = await client.PostAsync("/backend-api/v2/create?prompt=x", null);

        missing.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await missing.Content.ReadAsStringAsync()).Should().Be("""{"error":{"message":"Missing parameter prompt"}}""");
        post.StatusCode.Should().Be(HttpStatusCode.MethodNotAllowed);
        post.Content.Headers.Allow.Should().Contain("GET");
    }

    [Fact]
    public async Task A_failure_after_the_answer_started_breaks_the_connection_off()
    {
        // The gate holds the upstream's break until "Partial" reached the client.
        var seen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _upstream.Reply = FakeReply.Text("Partial").WaitAfterChunk(0, seen.Task).ThenAbort();
        await using var factory = Backend();

        using var response = await factory.CreateClient().GetAsync("/backend-api/v2/create?prompt=x&provider=Fake", HttpCompletionOption.ResponseHeadersRead);
        var stream = await response.Content.ReadAsStreamAsync();
        var buffer = new byte[64];
        var read = await stream.ReadAsync(buffer).AsTask().WaitAsync(TimeSpan.FromSeconds(30));
        seen.SetResult();
        var rest = async () => await new StreamReader(stream).ReadToEndAsync().WaitAsync(TimeSpan.FromSeconds(30));

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        System.Text.Encoding.UTF8.GetString(buffer, 0, read).Should().Be("Partial");
        await rest.Should().ThrowAsync<IOException>("a complete-looking body would pass a cut answer off as whole");
    }

    [Fact]
    public async Task A_client_that_goes_away_cancels_the_upstream_request()
    {
        _upstream.Reply = FakeReply.Text("Start").ThenHang();
        await using var factory = Backend();
        var client = factory.CreateClient();

        var response = await client.GetAsync("/backend-api/v2/create?prompt=x&provider=Fake", HttpCompletionOption.ResponseHeadersRead);
        var stream = await response.Content.ReadAsStreamAsync();
        await stream.ReadAsync(new byte[16]).AsTask().WaitAsync(TimeSpan.FromSeconds(30));
        response.Dispose();

        await _upstream.WaitForCancelledRequestAsync(TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task A_completed_answer_records_its_usage_line()
    {
        _upstream.Reply = FakeReply.Text("Hi").WithUsage(7, 1);
        await using var factory = Backend();

        await factory.CreateClient().GetStringAsync("/backend-api/v2/create?prompt=x&provider=Fake");

        var day = Directory.GetFiles(Path.Combine(factory.DataDirectory, "usage")).Should().ContainSingle().Subject;
        (await File.ReadAllTextAsync(day)).Should().Contain("\"prompt_tokens\":7");
    }
}
