using G4F.Backend.Providers;
using G4F.Backend.Search;

namespace G4F.Backend.Conversations;

/// <summary>
/// The search tool call or <c>web_search</c> (PROTOCOL 3.8 items 2 and 4): the last message becomes the search prompt
/// and the sources wait for the end of the answer. A failed search tool call fails the turn.
/// </summary>
internal sealed class WebSearchStep(ConversationSearch search) : ITurnStep
{
    public bool RunsAfterFailure => false;

    public async ValueTask RunAsync(TurnContext turn, CancellationToken cancellationToken)
    {
        if (turn.Request.WebSearch is null && turn.Request.ToolCalls is null)
        {
            return;
        }

        var searched = await search.ApplyAsync(turn.Request, turn.Messages, turn.Log, cancellationToken).ConfigureAwait(false);
        turn.SearchSources = searched.Sources;
        if (searched.Failure is not null)
        {
            turn.Failure = searched.Failure;
            return;
        }

        if (searched.Messages is { } messages)
        {
            if (string.IsNullOrWhiteSpace(turn.Prompt))
            {
                // Media are asked for and named after what the user wrote, not after the search results that replaced it.
                turn.Prompt = MediaPrompt.LastUserText(turn.Messages);
            }

            turn.Messages = messages;
        }
    }
}
