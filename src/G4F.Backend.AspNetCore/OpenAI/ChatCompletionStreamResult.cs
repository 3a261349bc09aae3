using System.Buffers;
using System.Text.Json;
using G4F.Backend.AspNetCore.Http;
using G4F.Backend.Events;
using Microsoft.AspNetCore.Http;

namespace G4F.Backend.AspNetCore.OpenAI;

/// <summary>
/// A streamed completion: <c>data: {chunk}</c> per answer, reasoning or tool-call delta (flushed one by one), a last chunk with the
/// finish reason, the usage chunk when asked for, then <c>data: [DONE]</c>. The status is chosen at the first delta, so a
/// turn that fails before it is an ordinary error response with its status; one that fails after it ends with an error
/// event and no <c>[DONE]</c>, which tells SDKs the answer is incomplete.
/// </summary>
internal sealed class ChatCompletionStreamResult(IAsyncEnumerable<ResponseEvent> events, ChatCompletionRequest request, CompletionState state) : IResult
{
    private static readonly byte[] DataPrefix = "data: "u8.ToArray();
    private static readonly byte[] RecordEnd = "\n\n"u8.ToArray();
    private static readonly byte[] Done = "data: [DONE]\n\n"u8.ToArray();

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var cancellationToken = httpContext.RequestAborted;
        var started = false;

        // One JSON writer for the whole stream (default options, as a new writer per chunk had), reset after each chunk.
        using var json = new Utf8JsonWriter(httpContext.Response.BodyWriter);
        try
        {
            await foreach (var responseEvent in events.WithCancellation(cancellationToken).ConfigureAwait(false))
            {
                if (state.Observe(responseEvent))
                {
                    continue;
                }

                if (OpenAIFailure.FromEvent(responseEvent) is { } failure)
                {
                    if (!started)
                    {
                        await failure.ToResult().ExecuteAsync(httpContext).ConfigureAwait(false);
                        return;
                    }

                    await WriteAsync(httpContext, json, failure.ToEnvelope(), OpenAIJsonContext.Default.OpenAIErrorEnvelope, cancellationToken).ConfigureAwait(false);
                    return;
                }

                var delta = responseEvent switch
                {
                    ContentEvent content => new ChunkDelta { Content = content.Content },
                    ReasoningEvent { Token: { Length: > 0 } token } => new ChunkDelta { ReasoningContent = token },
                    ToolCallsEvent toolCalls when state.ToolCalls.Read(toolCalls) is { Count: > 0 } calls => new ChunkDelta { ToolCalls = calls },
                    _ => null,
                };
                if (delta is null)
                {
                    continue;
                }

                if (!started)
                {
                    UnbufferedResponse.Start(httpContext, "text/event-stream; charset=utf-8");
                    started = true;
                    delta = delta with { Role = "assistant" };
                }

                await WriteAsync(httpContext, json, Chunk([new ChunkChoice(delta)]), OpenAIJsonContext.Default.ChatCompletionChunk, cancellationToken).ConfigureAwait(false);
            }

            if (!started)
            {
                UnbufferedResponse.Start(httpContext, "text/event-stream; charset=utf-8");
            }

            await WriteAsync(httpContext, json, Chunk([new ChunkChoice(new ChunkDelta { Role = started ? null : "assistant" }, state.FinishReason)]), OpenAIJsonContext.Default.ChatCompletionChunk, cancellationToken).ConfigureAwait(false);
            if (request.IncludeUsage)
            {
                await WriteAsync(httpContext, json, Chunk([]) with { Usage = state.Usage }, OpenAIJsonContext.Default.ChatCompletionChunk, cancellationToken).ConfigureAwait(false);
            }

            await httpContext.Response.BodyWriter.WriteAsync(Done, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The client went away; leaving the enumeration above already cancelled the upstream request.
        }
    }

    private ChatCompletionChunk Chunk(IReadOnlyList<ChunkChoice> choices) => new(state.Id, state.Created, state.Model, choices);

    private static async Task WriteAsync<T>(HttpContext httpContext, Utf8JsonWriter json, T value, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken)
    {
        var writer = httpContext.Response.BodyWriter;
        writer.Write(DataPrefix);
        JsonSerializer.Serialize(json, value, typeInfo);
        json.Flush();

        // A writer that wrote a complete value cannot start a second root value; Reset keeps its destination.
        json.Reset();
        writer.Write(RecordEnd);
        await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
    }
}
