using System.ClientModel;
using System.Net;
using System.Text.Json;
using G4F.Backend.AspNetCore.Tests.Infrastructure;
using G4F.Backend.Testing;
using OpenAI.Chat;
using static G4F.Backend.AspNetCore.Tests.OpenAI.OpenAIChatCompletionTests;

namespace G4F.Backend.AspNetCore.Tests.OpenAI;

/// <summary>
/// Upstream finish reasons outside OpenAI's set (OpenRouter's <c>error</c>, DeepSeek's <c>insufficient_system_resource</c>)
/// as the official OpenAI SDK reads them from <c>/v1</c>: it takes the field as a closed enum and threw
/// <c>ArgumentOutOfRangeException</c> (Unknown ChatFinishReason) on any other value. The g4f route keeps the upstream's value.
/// </summary>
public sealed class OpenAIFinishReasonTests : IAsyncLifetime
{
    private FakeUpstream _upstream = null!;

    public async Task InitializeAsync() => _upstream = await FakeUpstream.StartAsync();

    public async Task DisposeAsync() => await _upstream.DisposeAsync();

    [Theory]
    [InlineData("insufficient_system_resource")]
    [InlineData("something_new")]
    public async Task A_finish_reason_outside_OpenAIs_set_is_stop_for_the_SDK_and_unchanged_on_the_g4f_route(string reason)
    {
        _upstream.Reply = FinishingWith(reason, "Hel");
        await using var factory = new BackendFactory(BackendFactory.OpenAIProvider("Fake", _upstream.OpenAIBaseUrl));
        var chat = OpenAISdkHost.Client(factory).GetChatClient("fake-model");

        ChatCompletion whole = await chat.CompleteChatAsync([new UserChatMessage("Hi")]);
        var finishes = new List<ChatFinishReason>();
        await foreach (var update in chat.CompleteChatStreamingAsync([new UserChatMessage("Hi")]))
        {
            if (update.FinishReason is { } finish)
            {
                finishes.Add(finish);
            }
        }

        whole.FinishReason.Should().Be(ChatFinishReason.Stop);
        whole.Content.Single().Text.Should().Be("Hel");
        finishes.Should().Equal(ChatFinishReason.Stop);
        var transcript = await factory.CreateClient().ConverseAsync("""{"model":"fake-model","provider":"Fake","messages":[{"role":"user","content":"Hi"}]}""");
        transcript.OfType("finish").Single().GetProperty("finish").GetProperty("reason").GetString().Should().Be(reason, "PROTOCOL 3.5: the upstream's value");
    }

    [Fact]
    public async Task A_finish_reason_error_after_text_is_an_upstream_failure_not_a_finished_answer()
    {
        _upstream.Reply = FinishingWith("error", "Hel");
        await using var factory = new BackendFactory(BackendFactory.OpenAIProvider("Fake", _upstream.OpenAIBaseUrl));
        var chat = OpenAISdkHost.Client(factory).GetChatClient("fake-model");

        // Whole: a 502 the SDK raises as a ClientResultException, never a partial answer taken as complete.
        var whole = () => chat.CompleteChatAsync([new UserChatMessage("Hi")]);
        var thrown = (await whole.Should().ThrowAsync<ClientResultException>()).Which;
        thrown.Status.Should().Be(502);
        using (var body = JsonDocument.Parse(thrown.GetRawResponse()!.Content.ToString()))
        {
            body.RootElement.GetProperty("error").GetProperty("type").GetString().Should().Be("upstream_error");
        }

        // Streamed: the text already sent, then the error event and a body cut short, as any failure after the first delta.
        var texts = new List<string>();
        var streamed = async () =>
        {
            await foreach (var update in chat.CompleteChatStreamingAsync([new UserChatMessage("Hi")]))
            {
                texts.AddRange(update.ContentUpdate.Select(p => p.Text));
            }
        };
        await streamed.Should().ThrowAsync<IOException>("an answer the upstream could not finish must not look complete");
        texts.Should().Equal("Hel");

        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions")
        {
            Content = Json("""{"model":"fake-model","stream":true,"messages":[{"role":"user","content":"Hi"}]}"""),
        };
        using var raw = await factory.CreateLoopbackClient().SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        var lines = await ReadLinesUntilCutAsync(raw);
        lines.Should().NotContain("data: [DONE]");
        lines.Last(l => l.StartsWith("data: ", StringComparison.Ordinal)).Should().Contain("\"type\":\"upstream_error\"");
    }

    [Fact]
    public async Task A_finish_reason_error_before_any_text_is_a_502_whole_and_streamed()
    {
        _upstream.Reply = FinishingWith("error");
        await using var factory = new BackendFactory(BackendFactory.OpenAIProvider("Fake", _upstream.OpenAIBaseUrl));
        var client = factory.CreateClient();

        foreach (var stream in new[] { "false", "true" })
        {
            using var response = await client.PostAsync("/v1/chat/completions",
                Json($$"""{"model":"fake-model","stream":{{stream}},"messages":[{"role":"user","content":"Hi"}]}"""));
            var text = await response.Content.ReadAsStringAsync();

            response.StatusCode.Should().Be(HttpStatusCode.BadGateway, text);
            response.Content.Headers.ContentType!.MediaType.Should().Be("application/json");
            using var body = JsonDocument.Parse(text);
            body.RootElement.GetProperty("error").GetProperty("code").GetString().Should().Be("ResponseError");
        }
    }

    [Fact]
    public async Task A_provider_finishing_with_error_before_any_text_is_failed_over_on_both_routes()
    {
        await using var second = await FakeUpstream.StartAsync();
        _upstream.Reply = FinishingWith("error");
        second.Reply = FakeReply.Text("From", " second");
        await using var factory = new BackendFactory(BackendFactory.Merge(
            BackendFactory.OpenAIProvider("First", _upstream.OpenAIBaseUrl, priority: 0),
            BackendFactory.OpenAIProvider("Second", second.OpenAIBaseUrl, priority: 1)));

        ChatCompletion whole = await OpenAISdkHost.Client(factory).GetChatClient("fake-model").CompleteChatAsync([new UserChatMessage("Hi")]);
        var transcript = await factory.CreateClient().ConverseAsync("""{"model":"fake-model","messages":[{"role":"user","content":"Hi"}]}""");

        whole.Content.Single().Text.Should().Be("From second");
        whole.FinishReason.Should().Be(ChatFinishReason.Stop);
        transcript.Content.Should().Be("From second");
        transcript.OfType("error").Should().BeEmpty();
        _upstream.Requests.Where(r => r.Path.EndsWith("/chat/completions", StringComparison.Ordinal)).Should().HaveCount(2, "each route tried the first provider once");
        second.Requests.Where(r => r.Path.EndsWith("/chat/completions", StringComparison.Ordinal)).Should().HaveCount(2);
    }

    private static FakeReply FinishingWith(string reason, params string[] texts) => FakeReply.Chunks(
        [
            .. texts.Select(t => """{"model":"fake-model","choices":[{"index":0,"delta":{"role":"assistant","content":""" + JsonSerializer.Serialize(t) + """},"finish_reason":null}]}"""),
            """{"model":"fake-model","choices":[{"index":0,"delta":{},"finish_reason":""" + JsonSerializer.Serialize(reason) + """}]}""",
            "[DONE]",
        ]);

    private static async Task<List<string>> ReadLinesUntilCutAsync(HttpResponseMessage response)
    {
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        var lines = new List<string>();
        try
        {
            while (await reader.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(60)) is { } line)
            {
                lines.Add(line);
            }
        }
        catch (HttpIOException)
        {
            // The body cut short: what the test expects after the error event.
        }

        return lines;
    }
}
