using G4F.Backend.Events;

namespace G4F.Backend.Conversations;

/// <summary>
/// The per-event steps of a turn in order, and the loop that passes one provider event through them (inside the one
/// loop of <see cref="TurnPipeline"/>). Runs once per event, so the common case (every step done at once, as for a
/// text chunk) takes no async state machine and no interface call beyond each step's own.
/// </summary>
internal sealed class TurnEventSteps(ITurnEventStep[] steps)
{
    // Beyond this many steps every turn runs them all (a mask per subset would not pay).
    private const int MaxFilteredSteps = 8;

    private readonly ITurnEventStep[] _steps = steps;

    // The subsets of the steps turns have needed so far, by mask of the steps kept; built once each.
    private TurnEventSteps?[]? _subsets;

    /// <summary>
    /// The steps <paramref name="turn"/> needs (<see cref="ITurnEventStep.AppliesTo"/>), in order: a step with nothing
    /// to do for the rest of the turn (no media to download, no search sources) costs its chunks nothing.
    /// </summary>
    public TurnEventSteps For(TurnContext turn)
    {
        if (_steps.Length > MaxFilteredSteps)
        {
            return this;
        }

        var all = (1 << _steps.Length) - 1;
        var mask = 0;
        for (var s = 0; s < _steps.Length; s++)
        {
            if (_steps[s].AppliesTo(turn))
            {
                mask |= 1 << s;
            }
        }

        if (mask == all)
        {
            return this;
        }

        // Two turns racing may each build a subset; either is as good.
        var subsets = _subsets ??= new TurnEventSteps?[all];
        return subsets[mask] ??= new TurnEventSteps([.. _steps.Where((_, s) => (mask & (1 << s)) != 0)]);
    }

    /// <summary>
    /// Passes the event in <paramref name="batch"/> through the per-event steps (or, at the end of the provider's
    /// stream, lets each step add what it holds); what comes out is left in <paramref name="batch"/>. A step's failure
    /// comes back instead of being thrown. While every step completes at once, as they do for a text chunk, this runs
    /// without an async state machine; the first step still running hands the rest to <see cref="ContinueAsync"/>.
    /// </summary>
    public ValueTask<Exception?> ApplyAsync(bool moved, TurnContext turn, List<ResponseEvent> batch, List<ResponseEvent> spare, CancellationToken cancellationToken)
    {
        try
        {
            var input = batch;
            var output = spare;
            for (var s = 0; s < _steps.Length; s++)
            {
                var step = _steps[s];
                output.Clear();
                for (var i = 0; i < input.Count; i++)
                {
                    var pending = step.OnEventAsync(input[i], turn, output, cancellationToken);
                    if (!pending.IsCompletedSuccessfully)
                    {
                        return ContinueAsync(pending, s, i, moved, turn, batch, input, output, cancellationToken);
                    }

                    // A completed ValueTask backed by a reusable source is released only by its result.
                    pending.GetAwaiter().GetResult();
                }

                if (!moved)
                {
                    step.OnCompleted(turn, output);
                }

                (input, output) = (output, input);
            }

            return new(Settled(batch, input));
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return new(ex);
        }
    }

    /// <summary>
    /// The rest of <see cref="ApplyAsync"/> from the step <paramref name="stepIndex"/>, whose handling of its input's
    /// event <paramref name="eventIndex"/> is <paramref name="pending"/>: the same loop, awaiting.
    /// </summary>
    private async ValueTask<Exception?> ContinueAsync(
        ValueTask pending,
        int stepIndex,
        int eventIndex,
        bool moved,
        TurnContext turn,
        List<ResponseEvent> batch,
        List<ResponseEvent> input,
        List<ResponseEvent> output,
        CancellationToken cancellationToken)
    {
        try
        {
            await pending.ConfigureAwait(false);
            for (var s = stepIndex; s < _steps.Length; s++)
            {
                var step = _steps[s];
                if (s != stepIndex)
                {
                    output.Clear();
                }

                for (var i = s == stepIndex ? eventIndex + 1 : 0; i < input.Count; i++)
                {
                    await step.OnEventAsync(input[i], turn, output, cancellationToken).ConfigureAwait(false);
                }

                if (!moved)
                {
                    step.OnCompleted(turn, output);
                }

                (input, output) = (output, input);
            }

            return Settled(batch, input);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return ex;
        }
    }

    /// <summary>Leaves what the last step gave out in <paramref name="batch"/>; null, as no step failed.</summary>
    private static Exception? Settled(List<ResponseEvent> batch, List<ResponseEvent> result)
    {
        if (!ReferenceEquals(result, batch))
        {
            batch.Clear();
            batch.AddRange(result);
        }

        return null;
    }
}
