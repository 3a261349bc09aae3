using G4F.Backend.Conversations;
using G4F.Backend.Core.Tests.Routing;
using G4F.Backend.Events;

namespace G4F.Backend.Core.Tests.Conversations;

/// <summary>
/// The turn's events as <see cref="TurnStream"/> walks them (no iterator of the pipeline's own between the provider and
/// the reader): what an iterator guaranteed still holds, the tokens joined, the provider disposed when the reader stops,
/// a step that waits and a provider that waits handled in order.
/// </summary>
public sealed class TurnStreamTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task The_enumerations_own_token_cancels_the_provider_as_an_iterators_did()
    {
        // RunAsync is given no token: only the one the reader enumerates with can stop the provider's wait.
        var provider = new ScriptedProvider("Alpha") { Events = [new ContentEvent("one"), new ContentEvent("two")], HangAfterEvents = 1 };
        using var harness = new RoutingHarness(null, provider);
        using var cancellation = new CancellationTokenSource();

        var outcome = await harness.Conversations.RunAsync(RoutingHarness.Request(), TurnInput.None);
        var seen = new List<ResponseEvent>();
        var reading = Task.Run(async () =>
        {
            await foreach (var e in outcome.Events!.WithCancellation(cancellation.Token))
            {
                seen.Add(e);
                if (e is ContentEvent)
                {
                    await cancellation.CancelAsync();
                }
            }
        });

        var act = () => reading.WaitAsync(Bound);
        await act.Should().ThrowAsync<OperationCanceledException>();
        seen.OfType<ContentEvent>().Select(c => c.Content).Should().Equal("one");
        provider.Disposed.Should().Be(1);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Every_event_comes_once_in_order_whether_the_provider_waits_or_not(bool synchronous)
    {
        var provider = new ScriptedProvider("Alpha")
        {
            Events = [new ContentEvent("a<think>b"), new ContentEvent("c</think>d"), new ContentEvent("e"), new UsageEvent(new TokenUsage(1, 2, 3))],
            Synchronous = synchronous,
        };
        using var harness = new RoutingHarness(null, provider);

        var events = await harness.ConverseAsync(RoutingHarness.Request()).WaitAsync(Bound);

        events.Select(e => e.Type).Should().Equal("provider", "parameters", "provider", "content", "reasoning", "reasoning", "reasoning", "reasoning", "content", "content", "usage");
        string.Concat(events.OfType<ContentEvent>().Select(c => c.Content)).Should().Be("ade");
        provider.Disposed.Should().Be(1);
    }

    [Fact]
    public async Task A_provider_failure_after_output_ends_the_events_with_one_error_and_the_turn_still_closes()
    {
        var provider = new ScriptedProvider("Alpha")
        {
            Events = [new ContentEvent("partial")],
            FailAfterEvents = new G4F.Backend.Providers.ProviderException("ResponseStatusError", "Response 503: overloaded", statusCode: 503),
            Synchronous = true,
        };
        using var harness = new RoutingHarness(null, provider);

        var events = await harness.ConverseAsync(RoutingHarness.Request()).WaitAsync(Bound);

        events.Select(e => e.Type).Should().Equal("provider", "parameters", "provider", "content", "error");
        provider.Disposed.Should().Be(1);
    }
}
