using G4F.Backend.Events;
using Microsoft.Extensions.Options;

namespace G4F.Backend.Conversations;

/// <summary>In debug mode (and when the server allows it) the turn's log lines close the stream as <c>log</c> events.</summary>
internal sealed class DebugLogStep(IOptions<ConversationOptions> options) : ITurnStep
{
    public bool RunsAfterFailure => true;

    public ValueTask RunAsync(TurnContext turn, CancellationToken cancellationToken)
    {
        if (turn.Request.DebugMode && options.Value.EnableDebugLogEvents)
        {
            foreach (var line in turn.Log.Lines)
            {
                turn.Pending.Add(new LogEvent(line));
            }
        }

        return ValueTask.CompletedTask;
    }
}
