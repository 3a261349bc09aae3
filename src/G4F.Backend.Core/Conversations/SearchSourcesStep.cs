using G4F.Backend.Events;
using G4F.Backend.Search;

namespace G4F.Backend.Conversations;

/// <summary>The web search's sources go out just before the first <c>finish</c>, or after the answer without one (PROTOCOL 3.6 item 6).</summary>
internal sealed class SearchSourcesStep : ITurnEventStep
{
    public bool AppliesTo(TurnContext turn) => turn.SearchSources is not null;

    public ValueTask OnEventAsync(ResponseEvent responseEvent, TurnContext turn, List<ResponseEvent> output, CancellationToken cancellationToken)
    {
        if (turn.SearchSources is { } sources && !turn.SearchSourcesSent && SearchSources.GoesBefore(responseEvent))
        {
            turn.SearchSourcesSent = true;
            output.Add(new ContentEvent(sources));
        }

        output.Add(responseEvent);
        return ValueTask.CompletedTask;
    }

    public void OnCompleted(TurnContext turn, List<ResponseEvent> output)
    {
        if (turn.SearchSources is { } sources && !turn.SearchSourcesSent)
        {
            turn.SearchSourcesSent = true;
            output.Add(new ContentEvent(sources));
        }
    }
}
