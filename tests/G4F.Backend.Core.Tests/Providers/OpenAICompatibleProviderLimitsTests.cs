using G4F.Backend.Events;
using G4F.Backend.Testing;
using Microsoft.Extensions.Time.Testing;
using static G4F.Backend.Core.Tests.Providers.ProviderHarness;

namespace G4F.Backend.Core.Tests.Providers;

/// <summary>The time limits on an OpenAI-compatible upstream: the clocks measure only the upstream's silence.</summary>
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
        // 20 comments 100 ms apart: the first chunk comes after 2 s, twice the first-byte limit,
        // while the upstream is never silent for more than a tenth of either limit.
        Upstream.Reply = FakeReply.Text("thought it through").WithKeepAlives(20, TimeSpan.FromMilliseconds(100));
        var provider = _harness.OpenAI(o =>
        {
            o.Timeouts.FirstByte = TimeSpan.FromSeconds(1);
            o.Timeouts.Idle = TimeSpan.FromSeconds(1);
        });

        var events = await CollectAsync(provider.StreamAsync(Request(), default));

        events.Should().StartWith(new ContentEvent("thought it through"));
    }

}
