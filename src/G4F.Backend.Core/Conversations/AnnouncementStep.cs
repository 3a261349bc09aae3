using System.Text.Json.Nodes;
using G4F.Backend.Events;
using G4F.Backend.Providers;

namespace G4F.Backend.Conversations;

/// <summary>
/// The turn's first two events (PROTOCOL 3.6): <c>provider</c> and <c>parameters</c>. Sent even when an earlier step
/// failed, so the client always sees the turn start before its error.
/// </summary>
internal sealed class AnnouncementStep : ITurnStep
{
    public bool RunsAfterFailure => true;

    public ValueTask RunAsync(TurnContext turn, CancellationToken cancellationToken)
    {
        var plan = turn.Route!;
        var requestedModel = turn.Request.Model;

        // Only the automatic router is announced without a home page or label, as the original does.
        var announced = plan.Provider is { } named
            ? ProviderInfos.For(named.Descriptor, requestedModel)
            : new ProviderInfo(plan.Name, null, null, requestedModel);
        turn.AnsweringProvider = announced;
        turn.Pending.Add(new ProviderEvent(announced));
        turn.Pending.Add(new ParametersEvent(Parameters(turn)));
        return ValueTask.CompletedTask;
    }

    /// <summary>The parameters the client may edit and send back as top-level fields (PROTOCOL 15).</summary>
    private static TurnParameters Parameters(TurnContext turn)
    {
        var request = turn.Request;
        return new TurnParameters(
            turn.Route!.Name,
            request.Model is { Length: > 0 } model ? model : turn.Route.Provider?.Descriptor.DefaultModel ?? "default",
            request.Temperature ?? 1,
            request.TopP ?? 1,
            request.MaxTokens ?? 4096,
            request.Stop?.DeepClone() ?? new JsonArray(),
            Stream: true);
    }
}
