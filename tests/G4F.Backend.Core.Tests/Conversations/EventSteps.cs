using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using G4F.Backend.Conversations;
using G4F.Backend.Events;
using G4F.Backend.Providers;

namespace G4F.Backend.Core.Tests.Conversations;

/// <summary>
/// Runs per-event steps of a turn over a stream the way <see cref="TurnPipeline"/> runs them: each event through every
/// step in order, released as soon as the last step passes it on, then each step's completion through the steps after it.
/// </summary>
internal static class EventSteps
{
    /// <summary>A turn of one user message, for steps that read nothing else of it.</summary>
    public static TurnContext Turn(ChatRequest? request = null) =>
        new(request ?? new ChatRequest { Messages = [new JsonObject { ["role"] = "user", ["content"] = "hi" }] }, TurnInput.None);

    public static async IAsyncEnumerable<ResponseEvent> RunAsync(
        IAsyncEnumerable<ResponseEvent> source,
        TurnContext turn,
        ITurnEventStep[] steps,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (var responseEvent in source.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            foreach (var passed in await ThroughAsync([responseEvent], 0, turn, steps, cancellationToken))
            {
                yield return passed;
            }
        }

        List<ResponseEvent> held = [];
        for (var i = 0; i < steps.Length; i++)
        {
            var output = new List<ResponseEvent>();
            foreach (var responseEvent in held)
            {
                await steps[i].OnEventAsync(responseEvent, turn, output, cancellationToken);
            }

            steps[i].OnCompleted(turn, output);
            held = output;
        }

        foreach (var responseEvent in held)
        {
            yield return responseEvent;
        }
    }

    private static async Task<List<ResponseEvent>> ThroughAsync(List<ResponseEvent> input, int first, TurnContext turn, ITurnEventStep[] steps, CancellationToken cancellationToken)
    {
        for (var i = first; i < steps.Length; i++)
        {
            var output = new List<ResponseEvent>();
            foreach (var responseEvent in input)
            {
                await steps[i].OnEventAsync(responseEvent, turn, output, cancellationToken);
            }

            input = output;
        }

        return input;
    }
}
