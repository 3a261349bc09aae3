using G4F.Backend.Events;

namespace G4F.Backend.Conversations;

/// <summary>
/// First of the per-event steps: counts the raw answer text for the usage estimate (before <c>&lt;think&gt;</c> blocks
/// are split out, as the original counts), follows the provider and model that answer, and names the route's provider
/// and the answering model in a <c>usage</c> event the upstream reported.
/// </summary>
internal sealed class UsageStep : ITurnEventStep
{
    public ValueTask OnEventAsync(ResponseEvent responseEvent, TurnContext turn, List<ResponseEvent> output, CancellationToken cancellationToken)
    {
        turn.Usage.Add(responseEvent);
        switch (responseEvent)
        {
            case ProviderEvent provider:
                turn.AnsweringProvider = provider.Provider;
                turn.Model = provider.Provider.Model is { Length: > 0 } model ? model : turn.Model;
                break;
            case UsageEvent reported:
                turn.Telemetry?.OnUpstreamUsage(reported.Usage);
                responseEvent = turn.SentUsage = reported with { Model = reported.Model ?? turn.Model, Provider = turn.Route!.Name };
                break;
        }

        output.Add(responseEvent);
        return ValueTask.CompletedTask;
    }

    public void OnCompleted(TurnContext turn, List<ResponseEvent> output)
    {
    }
}
