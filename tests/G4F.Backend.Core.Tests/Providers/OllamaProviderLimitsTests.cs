using System.Text;
using G4F.Backend.Events;
using G4F.Backend.Providers;
using G4F.Backend.Testing;
using Microsoft.Extensions.Time.Testing;
using static G4F.Backend.Core.Tests.Providers.ProviderHarness;

namespace G4F.Backend.Core.Tests.Providers;

/// <summary>The time and size limits on what an Ollama upstream sends (see <see cref="OpenAICompatibleProviderLimitsTests"/>).</summary>
public sealed class OllamaProviderLimitsTests : IAsyncLifetime
{
    private ProviderHarness _harness = null!;

    private FakeUpstream Upstream => _harness.Upstream;

    public async Task InitializeAsync() => _harness = await StartAsync();

    public async Task DisposeAsync() => await _harness.DisposeAsync();

    [Fact]
    public async Task Time_the_reader_spends_on_an_event_is_not_charged_to_the_upstream()
    {
        var time = new FakeTimeProvider();
        var gate = new TaskCompletionSource();
        Upstream.Reply = FakeReply.Text("first", "second").WaitAfterChunk(0, gate.Task);
        var provider = _harness.Ollama(o => o.Timeouts.Idle = TimeSpan.FromSeconds(1), timeProvider: time);
        await using var events = provider.StreamAsync(Request(), default).GetAsyncEnumerator();
        (await events.MoveNextAsync()).Should().BeTrue();
        events.Current.Should().Be(new ContentEvent("first"));

        time.Advance(TimeSpan.FromSeconds(5));
        gate.SetResult();

        (await events.MoveNextAsync()).Should().BeTrue();
        events.Current.Should().Be(new ContentEvent("second"));
    }

    [Fact]
    public async Task Empty_lines_keep_a_thinking_upstream_alive_past_the_first_byte_limit()
    {
        var (events, error) = await PlayAsync(new SteppedReply("\n"u8.ToArray(), "\n"u8.ToArray(), Line("thought it through")));

        error.Should().BeNull();
        events.Should().Equal(new ContentEvent("thought it through"));
    }

    [Fact]
    public async Task A_line_that_arrives_slowly_in_pieces_is_not_silence()
    {
        // One line in three pieces 6 s apart on the fake clock: complete after 12 s, past either limit.
        var line = Line("slow but steady");
        var (events, error) = await PlayAsync(new SteppedReply(line[..10], line[10..20], line[20..]));

        error.Should().BeNull();
        events.Should().Equal(new ContentEvent("slow but steady"));
    }

    [Fact]
    public async Task A_line_without_an_end_is_a_response_error_after_reading_no_more_than_the_limit()
    {
        Upstream.Reply = OpenAICompatibleProviderLimitsTests.EndlessLine("{\"model\":\"m\",\"message\":{\"content\":\"");
        var reads = new ReadCountingHandler();

        var (events, error) = await CollectUntilErrorAsync(_harness.Ollama(handler: () => reads).StreamAsync(Request(), default));

        events.Should().BeEmpty();
        error.Should().BeOfType<ProviderException>().Which.ProtocolMessage.Should().Be("ResponseError: Fake sent a line longer than 16 MiB");

        // Read up to the limit and one read more, not the 64 MiB on offer: memory stays bounded.
        reads.BytesRead.Should().BeInRange(UpstreamBodyStream.MaxLineBytes, UpstreamBodyStream.MaxLineBytes + (1024 * 1024));
    }

    [Fact]
    public async Task An_oversized_model_list_is_a_response_error()
    {
        Upstream.ModelsReply = FakeReply.Status(200, "{\"models\":[{\"name\":\"" + new string('m', 9 * 1024 * 1024) + "\"}]}");

        var list = () => _harness.Ollama().ListModelsAsync(null, default);

        (await list.Should().ThrowAsync<ProviderException>()).Which.ProtocolMessage.Should().Be("ResponseError: Fake sent a response larger than 8 MiB");
    }

    [Fact]
    public async Task A_key_that_cannot_be_a_header_is_a_missing_auth_error_without_the_key()
    {
        const string key = "ollama-\u043a\u043b\u044e\u0447-0123456789";

        var (_, error) = await CollectUntilErrorAsync(_harness.Ollama(o => o.ApiKey = key).StreamAsync(Request(), default));

        var failure = error.Should().BeOfType<ProviderException>().Subject;
        failure.ProtocolMessage.Should().Be("MissingAuthError: The API key for Fake contains characters that cannot be sent in a header");
        failure.IsAuthError.Should().BeTrue();
        Upstream.Requests.Should().BeEmpty();
    }

    private static byte[] Line(string content) =>
        Encoding.UTF8.GetBytes("{\"model\":\"m\",\"message\":{\"role\":\"assistant\",\"content\":\"" + content + "\"},\"done\":false}\n");

    /// <summary>Streams <paramref name="reply"/> with 10 s limits on a fake clock that moves 6 s before each unit after the first.</summary>
    private async Task<(List<ResponseEvent> Events, Exception? Error)> PlayAsync(SteppedReply reply)
    {
        var time = new FakeTimeProvider();
        var reads = new ReadCountingHandler();
        Upstream.Reply = reply.Reply;
        var provider = _harness.Ollama(
            o =>
            {
                o.Timeouts.FirstByte = TimeSpan.FromSeconds(10);
                o.Timeouts.Idle = TimeSpan.FromSeconds(10);
            },
            timeProvider: time,
            handler: () => reads);

        var stream = CollectUntilErrorAsync(provider.StreamAsync(Request("m"), default));
        await reply.PlayAsync(reads, time, TimeSpan.FromSeconds(6));
        return await stream;
    }

}
