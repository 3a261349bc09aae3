using System.Text;
using G4F.Backend.Conversations;
using G4F.Backend.Events;
using Microsoft.AspNetCore.Http;

namespace G4F.Backend.AspNetCore.OpenAI;

/// <summary>
/// A non-streamed completion: the turn run to its end, its text and reasoning joined into one message. What is held
/// (text, reasoning and tool-call arguments together) is bounded by <see cref="ConversationService.MaxWholeAnswerChars"/>,
/// as a whole <c>/create</c> answer is: past it the turn is left, which cancels the upstream request, and the answer is a
/// 502. The idle timeout cannot bound it, an upstream that keeps sending is never idle.
/// </summary>
internal static class ChatCompletionCollector
{
    public static async Task<IResult> CollectAsync(IAsyncEnumerable<ResponseEvent> events, CompletionState state, CancellationToken cancellationToken)
    {
        var content = new StringBuilder();
        StringBuilder? reasoning = null;
        await foreach (var responseEvent in events.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            // Failures first: a finish the upstream reported as "error" is one (OpenAIFailure.FromEvent), not a finish.
            if (OpenAIFailure.FromEvent(responseEvent) is { } failure)
            {
                return failure.ToResult();
            }

            if (state.Observe(responseEvent))
            {
                continue;
            }

            switch (responseEvent)
            {
                case ContentEvent text:
                    if (Held(content, reasoning, state) + text.Content.Length > ConversationService.MaxWholeAnswerChars)
                    {
                        return OpenAIFailure.AnswerTooLong().ToResult();
                    }

                    content.Append(text.Content);
                    break;
                case ReasoningEvent { Token: { Length: > 0 } token }:
                    if (Held(content, reasoning, state) + token.Length > ConversationService.MaxWholeAnswerChars)
                    {
                        return OpenAIFailure.AnswerTooLong().ToResult();
                    }

                    (reasoning ??= new StringBuilder()).Append(token);
                    break;
                case ToolCallsEvent calls:
                    // The arguments are known only once read; one event over is bounded by the upstream's line limit.
                    state.ToolCalls.Read(calls);
                    if (Held(content, reasoning, state) > ConversationService.MaxWholeAnswerChars)
                    {
                        return OpenAIFailure.AnswerTooLong().ToResult();
                    }

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

    private static long Held(StringBuilder content, StringBuilder? reasoning, CompletionState state) =>
        (long)content.Length + (reasoning?.Length ?? 0) + state.ToolCalls.KeptChars;
}
