using System.Text;
using G4F.Backend.Events;
using Microsoft.AspNetCore.Http;

namespace G4F.Backend.AspNetCore.OpenAI;

/// <summary>A non-streamed completion: the turn run to its end, its text and reasoning joined into one message.</summary>
internal static class ChatCompletionCollector
{
    public static async Task<IResult> CollectAsync(IAsyncEnumerable<ResponseEvent> events, CompletionState state, CancellationToken cancellationToken)
    {
        var content = new StringBuilder();
        StringBuilder? reasoning = null;
        await foreach (var responseEvent in events.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            if (state.Observe(responseEvent))
            {
                continue;
            }

            if (OpenAIFailure.FromEvent(responseEvent) is { } failure)
            {
                return failure.ToResult();
            }

            switch (responseEvent)
            {
                case ContentEvent text:
                    content.Append(text.Content);
                    break;
                case ReasoningEvent { Token: { Length: > 0 } token }:
                    (reasoning ??= new StringBuilder()).Append(token);
                    break;
                case ToolCallsEvent calls:
                    state.ToolCalls.Read(calls);
                    break;
            }
        }

        // A message that only calls tools has null content, as OpenAI writes it.
        var toolCalls = state.ToolCalls.Whole();
        var message = new CompletionMessage(content.Length == 0 && toolCalls is not null ? null : content.ToString(), reasoning?.ToString(), toolCalls);
        var completion = new ChatCompletion(state.Id, state.Created, state.Model, [new CompletionChoice(0, message, state.FinishReason)], state.Usage)
        {
            Provider = state.Provider,
        };
        return TypedResults.Json(completion, OpenAIJsonContext.Default.ChatCompletion);
    }
}
