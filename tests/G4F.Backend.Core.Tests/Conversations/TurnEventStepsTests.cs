using G4F.Backend.Conversations;
using G4F.Backend.Events;

namespace G4F.Backend.Core.Tests.Conversations;

/// <summary>
/// The per-event loop of a turn runs without an async state machine while every step completes at once and hands over
/// to an awaiting loop at the first step that does not: both must give the same events in the same order, the same
/// failures, and propagate the caller's cancellation.
/// </summary>
public sealed class TurnEventStepsTests
{
    private static readonly ResponseEvent[] Source =
    [
        new ContentEvent("a|slow"),
        new ContentEvent("b"),
        new ContentEvent("slow|c|slow"),
        new FinishEvent(new FinishReason("stop")),
    ];

    // Split makes two events of "a|slow"; Slow upper-cases "slow" (awaiting when asked to); Hold keeps each content
    // event back until the next event or the end of the stream.
    private static readonly string[] Expected = ["a", "SLOW", "b", "SLOW", "c", "SLOW", "finish", "end"];

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Every_event_passes_every_step_in_order_whether_a_step_completes_at_once_or_awaits(bool awaits)
    {
        var slow = new SlowStep(awaits);
        var chain = new TurnEventSteps([new SplitStep(), slow, new HoldStep()]);

        var (events, error) = await RunAsync(chain, Source);

        error.Should().BeNull();
        events.Select(Describe).Should().Equal(Expected);
        slow.Awaited.Should().Be(awaits ? 3 : 0);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_step_failure_comes_back_instead_of_being_thrown(bool awaits)
    {
        var chain = new TurnEventSteps([new SplitStep(), new SlowStep(awaits), new ThrowingStep(on: "c")]);

        var (events, error) = await RunAsync(chain, Source);

        error.Should().BeOfType<InvalidOperationException>().Which.Message.Should().Be("c");
        events.Select(Describe).Should().Equal("a", "SLOW", "b");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task The_callers_cancellation_propagates(bool awaits)
    {
        using var cancellation = new CancellationTokenSource();
        var chain = new TurnEventSteps([new SplitStep(), new SlowStep(awaits), new CancellingStep(cancellation)]);

        var run = async () => await RunAsync(chain, Source, cancellation.Token);

        await run.Should().ThrowAsync<OperationCanceledException>();
    }

    [Fact]
    public async Task A_step_with_nothing_to_do_in_a_turn_is_left_out_of_its_loop_and_the_rest_run_in_order()
    {
        var idle = new IdleStep();
        var chain = new TurnEventSteps([new SplitStep(), idle, new SlowStep(awaits: false), new HoldStep()]);
        var turn = EventSteps.Turn();

        var forTurn = chain.For(turn);
        var (events, error) = await RunAsync(forTurn, Source, turn: turn);

        error.Should().BeNull();
        events.Select(Describe).Should().Equal(Expected);
        idle.Events.Should().Be(0, "a step that does not apply to the turn never sees its events");
        forTurn.Should().NotBeSameAs(chain);
        chain.For(EventSteps.Turn()).Should().BeSameAs(forTurn, "the subset of steps is built once, not per turn");
    }

    [Fact]
    public void When_every_step_applies_the_turn_runs_them_all()
    {
        var chain = new TurnEventSteps([new SplitStep(), new HoldStep()]);

        chain.For(EventSteps.Turn()).Should().BeSameAs(chain);
    }

    /// <summary>Drives the chain the way <see cref="TurnPipeline"/> does: one event a batch, then the end of the stream.</summary>
    private static async Task<(List<ResponseEvent> Events, Exception? Error)> RunAsync(TurnEventSteps chain, ResponseEvent[] source, CancellationToken cancellationToken = default, TurnContext? turn = null)
    {
        turn ??= EventSteps.Turn();
        var events = new List<ResponseEvent>();
        var batch = new List<ResponseEvent>();
        var spare = new List<ResponseEvent>();
        for (var i = 0; i <= source.Length; i++)
        {
            batch.Clear();
            if (i < source.Length)
            {
                batch.Add(source[i]);
            }

            if (await chain.ApplyAsync(i < source.Length, turn, batch, spare, cancellationToken) is { } error)
            {
                return (events, error);
            }

            events.AddRange(batch);
        }

        return (events, null);
    }

    private static string Describe(ResponseEvent e) => e is ContentEvent content ? content.Content : e.Type;

    private sealed class SplitStep : ITurnEventStep
    {
        public ValueTask OnEventAsync(ResponseEvent responseEvent, TurnContext turn, List<ResponseEvent> output, CancellationToken cancellationToken)
        {
            if (responseEvent is ContentEvent content)
            {
                output.AddRange(content.Content.Split('|').Select(part => new ContentEvent(part)));
            }
            else
            {
                output.Add(responseEvent);
            }

            return ValueTask.CompletedTask;
        }

        public void OnCompleted(TurnContext turn, List<ResponseEvent> output) => output.Add(new ContentEvent("end"));
    }

    /// <summary>A step with nothing to do in any turn; were it run, it would drop every event it sees.</summary>
    private sealed class IdleStep : ITurnEventStep
    {
        public int Events { get; private set; }

        public bool AppliesTo(TurnContext turn) => false;

        public ValueTask OnEventAsync(ResponseEvent responseEvent, TurnContext turn, List<ResponseEvent> output, CancellationToken cancellationToken)
        {
            Events++;
            return ValueTask.CompletedTask;
        }

        public void OnCompleted(TurnContext turn, List<ResponseEvent> output)
        {
        }
    }

    private sealed class SlowStep(bool awaits) : ITurnEventStep
    {
        public int Awaited { get; private set; }

        public ValueTask OnEventAsync(ResponseEvent responseEvent, TurnContext turn, List<ResponseEvent> output, CancellationToken cancellationToken)
        {
            if (responseEvent is not ContentEvent { Content: "slow" })
            {
                output.Add(responseEvent);
                return ValueTask.CompletedTask;
            }

            if (!awaits)
            {
                output.Add(new ContentEvent("SLOW"));
                return ValueTask.CompletedTask;
            }

            return AwaitAsync(output);
        }

        public void OnCompleted(TurnContext turn, List<ResponseEvent> output)
        {
        }

        private async ValueTask AwaitAsync(List<ResponseEvent> output)
        {
            Awaited++;
            await Task.Yield();
            output.Add(new ContentEvent("SLOW"));
        }
    }

    private sealed class HoldStep : ITurnEventStep
    {
        private ResponseEvent? _held;

        public ValueTask OnEventAsync(ResponseEvent responseEvent, TurnContext turn, List<ResponseEvent> output, CancellationToken cancellationToken)
        {
            Release(output);
            if (responseEvent is ContentEvent)
            {
                _held = responseEvent;
            }
            else
            {
                output.Add(responseEvent);
            }

            return ValueTask.CompletedTask;
        }

        public void OnCompleted(TurnContext turn, List<ResponseEvent> output) => Release(output);

        private void Release(List<ResponseEvent> output)
        {
            if (_held is not null)
            {
                output.Add(_held);
                _held = null;
            }
        }
    }

    private sealed class ThrowingStep(string on) : ITurnEventStep
    {
        public ValueTask OnEventAsync(ResponseEvent responseEvent, TurnContext turn, List<ResponseEvent> output, CancellationToken cancellationToken)
        {
            if (responseEvent is ContentEvent content && content.Content == on)
            {
                throw new InvalidOperationException(on);
            }

            output.Add(responseEvent);
            return ValueTask.CompletedTask;
        }

        public void OnCompleted(TurnContext turn, List<ResponseEvent> output)
        {
        }
    }

    private sealed class CancellingStep(CancellationTokenSource cancellation) : ITurnEventStep
    {
        public ValueTask OnEventAsync(ResponseEvent responseEvent, TurnContext turn, List<ResponseEvent> output, CancellationToken cancellationToken)
        {
            cancellation.Cancel();
            cancellationToken.ThrowIfCancellationRequested();
            return ValueTask.CompletedTask;
        }

        public void OnCompleted(TurnContext turn, List<ResponseEvent> output)
        {
        }
    }
}
