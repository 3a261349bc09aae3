using System.Buffers;
using System.Text.Json;
using G4F.Backend.AspNetCore.Http;
using G4F.Backend.Events;
using Microsoft.AspNetCore.Http;

namespace G4F.Backend.AspNetCore.OpenAI;

/// <summary>
/// A streamed completion: <c>data: {chunk}</c> per answer, reasoning or tool-call delta (each flushed before the stream
/// waits for the next), a last chunk with the finish reason, the usage chunk when asked for, then <c>data: [DONE]</c>.
/// The status is chosen at the first delta, so a turn that fails before it is an ordinary error response with its
/// status. One that fails after it ends with an error event and no <c>[DONE]</c>, for readers of the raw stream, and the
/// body then ends cut short, without its last chunk (<see cref="SelfChunkedBody"/>): the OpenAI SDK and
/// Microsoft.Extensions.AI ignore the error event and treat a stream that simply stops as complete, but raise the broken
/// body as an error. Where the body cannot be framed here (HTTP/2) the request is aborted instead: the client still
/// notices, the error event may be lost.
/// </summary>
internal sealed class ChatCompletionStreamResult(IAsyncEnumerable<ResponseEvent> events, ChatCompletionRequest request, CompletionState state) : IResult
{
    private static readonly byte[] DataPrefix = "data: "u8.ToArray();
    private static readonly byte[] RecordEnd = "\n\n"u8.ToArray();
    private static readonly byte[] Done = "data: [DONE]\n\n"u8.ToArray();

    // What follows the text in every text chunk, and how the serializer ends a chunk whose only delta is an empty text.
    private static readonly byte[] TextChunkTail = "},\"finish_reason\":null}]}"u8.ToArray();
    private static readonly byte[] EmptyTextEnd = [.. "\"content\":\"\""u8, .. TextChunkTail];

    private string? _headModel;
    private byte[]? _head;

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var cancellationToken = httpContext.RequestAborted;
        var cursor = new RelayCursor<ResponseEvent>(events, httpContext.Response.BodyWriter, cancellationToken);
        try
        {
            await using var cursorDisposal = cursor.ConfigureAwait(false);

            // One JSON writer for the whole stream (default options, as a new writer per chunk had), writing into the
            // relay's batch and reset after each chunk.
            using var json = new Utf8JsonWriter(cursor.Output);
            await StreamAsync(httpContext, cursor, json).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The client went away; leaving the enumeration cancelled the upstream request.
        }
        finally
        {
            // A body framed here that did not get its last chunk must not be followed by another response on the connection.
            if (cursor.FramesChunks && !cursor.Ended)
            {
                SelfChunkedBody.CutShort(httpContext);
            }
        }
    }

    private async Task StreamAsync(HttpContext httpContext, RelayCursor<ResponseEvent> cursor, Utf8JsonWriter json)
    {
        var output = cursor.Output;
        var started = false;
        while (await cursor.MoveNextAsync().ConfigureAwait(false))
        {
            var responseEvent = cursor.Current;
            // Failures first: a finish the upstream reported as "error" is one (OpenAIFailure.FromEvent), not a finish.
            if (OpenAIFailure.FromEvent(responseEvent) is { } failure)
            {
                if (!started)
                {
                    await failure.ToResult().ExecuteAsync(httpContext).ConfigureAwait(false);
                    return;
                }

                // The error event reaches the client first; then the body is cut short (the finally of ExecuteAsync), so
                // that SDK clients, which ignore the event, raise an error instead of taking the partial answer as whole.
                Write(output, json, failure.ToEnvelope(), OpenAIJsonContext.Default.OpenAIErrorEnvelope);
                if (await cursor.FlushAsync().ConfigureAwait(false) && !cursor.FramesChunks)
                {
                    // HTTP/2 and servers whose body cannot be framed here: only a reset tells the client, and it may
                    // overtake the error event.
                    httpContext.Abort();
                }

                return;
            }

            if (state.Observe(responseEvent))
            {
                continue;
            }

            if (started && responseEvent is ContentEvent text && TryWriteText(output, json, text))
            {
                continue;
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
                Start(httpContext, cursor);
                started = true;
                delta = delta with { Role = "assistant" };
            }

            Write(output, json, Chunk([new ChunkChoice(delta)]), OpenAIJsonContext.Default.ChatCompletionChunk);
        }

        if (cursor.ClientGone)
        {
            return;
        }

        if (!started)
        {
            Start(httpContext, cursor);
        }

        Write(output, json, Chunk([new ChunkChoice(new ChunkDelta { Role = started ? null : "assistant" }, state.FinishReason)]), OpenAIJsonContext.Default.ChatCompletionChunk);
        if (request.IncludeUsage)
        {
            Write(output, json, Chunk([]) with { Usage = state.Usage }, OpenAIJsonContext.Default.ChatCompletionChunk);
        }

        output.Write(Done);
        await cursor.EndAsync(httpContext.Response).ConfigureAwait(false);
    }

    private static void Start(HttpContext httpContext, RelayCursor<ResponseEvent> cursor)
    {
        UnbufferedResponse.Start(httpContext, "text/event-stream; charset=utf-8");
        cursor.FramesChunks = SelfChunkedBody.TryStart(httpContext);
    }

    private ChatCompletionChunk Chunk(IReadOnlyList<ChunkChoice> choices) => new(state.Id, state.Created, state.Model, choices);

    /// <summary>
    /// A text delta after the first, most of every stream: the chunk's bytes before and after its text are the same for
    /// every delta of a model, so they are the serializer's own output for an empty text, cut once (and again when the
    /// reported model changes), and the text is escaped from the upstream's UTF-8 (no string made) by the stream's JSON
    /// writer between them. False, writing nothing, for an event without text (the serializer then writes it).
    /// </summary>
    private bool TryWriteText(RelayBuffer output, Utf8JsonWriter json, ContentEvent content)
    {
        if (!ReferenceEquals(_headModel, state.Model))
        {
            _head = TextChunkHead(json.Options);
            _headModel = state.Model;
        }

        if (_head is null)
        {
            return false;
        }

        // Whether the event has text shows only in writing it: the head goes first and is taken back without one.
        var mark = output.WrittenCount;
        output.Write(DataPrefix);
        output.Write(_head);
        if (!ResponseEventSerializer.TryWriteText(json, content))
        {
            output.Truncate(mark);
            return false;
        }

        json.Flush();
        json.Reset();
        output.Write(TextChunkTail);
        output.Write(RecordEnd);
        return true;
    }

    /// <summary>The serializer's bytes of a text chunk up to its text, or null if they do not end as expected.</summary>
    private byte[]? TextChunkHead(JsonWriterOptions options)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var json = new Utf8JsonWriter(buffer, options))
        {
            JsonSerializer.Serialize(json, Chunk([new ChunkChoice(new ChunkDelta { Content = string.Empty })]), OpenAIJsonContext.Default.ChatCompletionChunk);
        }

        var whole = buffer.WrittenSpan;
        // The head ends with the text's name and colon: the empty value ("", two bytes) and the tail are cut.
        return whole.EndsWith(EmptyTextEnd) ? whole[..^("\"\""u8.Length + TextChunkTail.Length)].ToArray() : null;
    }

    private static void Write<T>(IBufferWriter<byte> output, Utf8JsonWriter json, T value, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> typeInfo)
    {
        output.Write(DataPrefix);
        JsonSerializer.Serialize(json, value, typeInfo);
        json.Flush();

        // A writer that wrote a complete value cannot start a second root value; Reset keeps its destination.
        json.Reset();
        output.Write(RecordEnd);
    }
}
