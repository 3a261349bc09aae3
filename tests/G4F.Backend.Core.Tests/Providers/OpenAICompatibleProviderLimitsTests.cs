using System.Text;
using G4F.Backend.Events;
using G4F.Backend.Providers;
using G4F.Backend.Testing;
using Microsoft.Extensions.Time.Testing;
using static G4F.Backend.Core.Tests.Providers.ProviderHarness;

namespace G4F.Backend.Core.Tests.Providers;

/// <summary>
/// The time and size limits on what an OpenAI-compatible upstream sends: the clocks measure only the
/// upstream's silence, and no line or document can grow without bound.
/// </summary>
public sealed class OpenAICompatibleProviderLimitsTests : IAsyncLifetime
{
    private ProviderHarness _harness = null!;

    private FakeUpstream Upstream => _harness.Upstream;

    public async Task InitializeAsync() => _harness = await StartAsync();

    public async Task DisposeAsync() => await _harness.DisposeAsync();

    [Fact]
    public async Task Time_the_reader_spends_on_an_event_is_not_charged_to_the_upstream()
    {
        // The second chunk is held until the reader is done with the first, so it must be read from the wire.
        var time = new FakeTimeProvider();
        var gate = new TaskCompletionSource();
        Upstream.Reply = FakeReply.Text("first", "second").WaitAfterChunk(0, gate.Task);
        var provider = _harness.OpenAI(o => o.Timeouts.Idle = TimeSpan.FromSeconds(1), timeProvider: time);
        await using var events = provider.StreamAsync(Request(), default).GetAsyncEnumerator();
        (await events.MoveNextAsync()).Should().BeTrue();
        events.Current.Should().Be(new ContentEvent("first"));

        time.Advance(TimeSpan.FromSeconds(5)); // a slow reader, e.g. a client flush: five idle limits pass
        gate.SetResult();

        (await events.MoveNextAsync()).Should().BeTrue();
        events.Current.Should().Be(new ContentEvent("second"));
    }

    [Fact]
    public async Task Keep_alive_comments_keep_a_thinking_upstream_alive_past_the_first_byte_limit()
    {
        // Two comments 6 s apart on the fake clock: the first chunk comes 12 s after the request, past
        // the 10 s first-byte limit, while the upstream is never silent for 10 s.
        var time = new FakeTimeProvider();
        var reads = new ReadCountingHandler();
        var comment = ": OPENROUTER PROCESSING\n\n"u8.ToArray();
        var reply = new SteppedReply(comment, comment, "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"thought it through\"}}]}\n\n"u8.ToArray());
        Upstream.Reply = reply.Reply;
        var provider = _harness.OpenAI(
            o =>
            {
                o.Timeouts.FirstByte = TimeSpan.FromSeconds(10);
                o.Timeouts.Idle = TimeSpan.FromSeconds(10);
            },
            timeProvider: time,
            handler: () => reads);

        var stream = CollectUntilErrorAsync(provider.StreamAsync(Request(), default));
        await reply.PlayAsync(reads, time, TimeSpan.FromSeconds(6));
        var (events, error) = await stream;

        error.Should().BeNull();
        events.Should().Equal(new ContentEvent("thought it through"));
    }

    [Fact]
    public async Task A_line_without_an_end_is_a_response_error_after_reading_no_more_than_the_limit()
    {
        Upstream.Reply = EndlessLine("data: {\"choices\":[{\"delta\":{\"content\":\"");
        var reads = new ReadCountingHandler();

        var (events, error) = await CollectUntilErrorAsync(_harness.OpenAI(handler: () => reads).StreamAsync(Request(), default));

        events.Should().BeEmpty();
        error.Should().BeOfType<ProviderException>().Which.ProtocolMessage.Should().Be("ResponseError: Fake sent a line longer than 16 MiB");

        // Read up to the limit and one read more, not the 64 MiB on offer: memory stays bounded.
        reads.BytesRead.Should().BeInRange(UpstreamBodyStream.MaxLineBytes, UpstreamBodyStream.MaxLineBytes + (1024 * 1024));
    }

    [Fact]
    public async Task Many_lines_that_are_each_short_are_no_problem()
    {
        // 17 MiB of 1 KiB comment lines, 64 KiB a write: only a single line is bounded, not the stream.
        var comments = Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat(": " + new string('x', 1021) + "\n", 64)));
        Upstream.Reply = FakeReply.Bytes([.. Enumerable.Repeat(comments, 17 * 16), Encoding.UTF8.GetBytes("data: {\"choices\":[{\"delta\":{\"content\":\"ok\"}}]}\n\n")]);

        var events = await CollectAsync(_harness.OpenAI().StreamAsync(Request(), default));

        events.Should().Equal(new ContentEvent("ok"));
    }

    [Fact]
    public async Task A_chunk_that_is_not_utf8_is_a_response_error()
    {
        byte[] invalid = [.. "data: {\"choices\":[{\"delta\":{\"content\":\""u8, 0xC3, 0x28, .. "\"}}]}\n\n"u8];
        Upstream.Reply = FakeReply.Bytes(invalid);

        var (_, error) = await CollectUntilErrorAsync(_harness.OpenAI().StreamAsync(Request(), default));

        error.Should().BeOfType<ProviderException>().Which.ProtocolMessage.Should().Be("ResponseError: Fake sent data that is not valid JSON");
    }

    [Fact]
    public async Task An_oversized_model_list_is_a_response_error()
    {
        Upstream.ModelsReply = FakeReply.Status(200, "{\"data\":[{\"id\":\"" + new string('m', 9 * 1024 * 1024) + "\"}]}");

        var list = () => _harness.OpenAI().ListModelsAsync(null, default);

        (await list.Should().ThrowAsync<ProviderException>()).Which.ProtocolMessage.Should().Be("ResponseError: Fake sent a response larger than 8 MiB");
    }

    [Theory]
    [InlineData("sk-abc\r\nX-Injected: yes")]
    [InlineData("sk-schlüssel-0123456789")]
    [InlineData("sk-tab\tinside")]
    public async Task A_key_that_cannot_be_a_header_is_a_missing_auth_error_without_the_key(string key)
    {
        var (_, error) = await CollectUntilErrorAsync(_harness.OpenAI().StreamAsync(Request(apiKey: key), default));

        var failure = error.Should().BeOfType<ProviderException>().Subject;
        (failure.ErrorName, failure.IsAuthError).Should().Be(("MissingAuthError", true));
        failure.Message.Should().Be("The API key for Fake contains characters that cannot be sent in a header");
        Upstream.Requests.Should().BeEmpty();
        _harness.OpenAILogger.Collector.GetSnapshot().Should().OnlyContain(r => !r.Message.Contains(key, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_key_that_cannot_be_a_header_fails_the_model_list_the_same_way()
    {
        var list = () => _harness.OpenAI(o => o.ApiKey = "sk-a\nb").ListModelsAsync(null, default);

        var failure = (await list.Should().ThrowAsync<ProviderException>()).Which;
        (failure.ErrorName, failure.IsAuthError).Should().Be(("MissingAuthError", true));
        failure.Message.Should().NotContain("sk-a");
        Upstream.Requests.Should().BeEmpty();
    }

    [Fact]
    public async Task An_unexpected_failure_is_a_response_error_that_names_only_its_type()
    {
        var provider = _harness.OpenAI(handler: () => new ThrowingHandler(new InvalidOperationException("internal detail sk-leaked-0123456789")));

        var (_, error) = await CollectUntilErrorAsync(provider.StreamAsync(Request(), default));

        var failure = error.Should().BeOfType<ProviderException>().Subject;
        failure.ProtocolMessage.Should().Be("ResponseError: Fake failed (InvalidOperationException)");
        var log = _harness.OpenAILogger.Collector.GetSnapshot();
        log.Should().Contain(r => r.Message.Contains("InvalidOperationException", StringComparison.Ordinal));
    }

    /// <summary>One line of 64 MiB that never ends: its start, then 64 KiB writes of <c>a</c> (one array, shared).</summary>
    internal static FakeReply EndlessLine(string start)
    {
        var piece = new byte[64 * 1024];
        Array.Fill(piece, (byte)'a');
        return FakeReply.Bytes([Encoding.UTF8.GetBytes(start), .. Enumerable.Repeat(piece, 1024)]);
    }

    private sealed class ThrowingHandler(Exception exception) : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Task.FromException<HttpResponseMessage>(exception);
    }
}
