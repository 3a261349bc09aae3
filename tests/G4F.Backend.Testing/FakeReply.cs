using System.Collections.Immutable;

namespace G4F.Backend.Testing;

/// <summary>
/// What <see cref="FakeUpstream"/> answers to a request: an immutable builder, every modifier returns a copy.
/// </summary>
/// <remarks>
/// Written units ("chunks") are counted from 0 in the order they go on the wire. For <see cref="Text"/>
/// chunks <c>0..n-1</c> are the text chunks, then come the finish chunk, the usage chunk (OpenAI dialect,
/// unless <see cref="WithoutUsage"/>) and <c>[DONE]</c>; in the Ollama dialect the <c>done</c> line
/// follows the text lines. With <see cref="ThenHang"/> or <see cref="ThenAbort"/> a text reply stops after
/// its text chunks (no finish, usage or end marker), so a client can only notice by its own limits.
/// Raw replies (<see cref="Chunks"/>, <see cref="OllamaLines"/>, <see cref="Bytes"/>) are written exactly as given, whatever the route.
/// </remarks>
public sealed class FakeReply
{
    private FakeReply(FakeReplyKind kind, ImmutableArray<string> parts)
    {
        Kind = kind;
        Parts = parts;
    }

    private FakeReply(FakeReply other)
    {
        Kind = other.Kind;
        Parts = other.Parts;
        ByteParts = other.ByteParts;
        StatusCode = other.StatusCode;
        Body = other.Body;
        ContentType = other.ContentType;
        PromptTokens = other.PromptTokens;
        CompletionTokens = other.CompletionTokens;
        IncludeUsage = other.IncludeUsage;
        Model = other.Model;
        DelayBeforeHeaders = other.DelayBeforeHeaders;
        DelayBetweenChunks = other.DelayBetweenChunks;
        Gates = other.Gates;
        Ending = other.Ending;
        Headers = other.Headers;
    }

    internal FakeReplyKind Kind { get; }

    internal ImmutableArray<string> Parts { get; }

    /// <summary>The units of a <see cref="FakeReplyKind.RawBytes"/> reply.</summary>
    internal ImmutableArray<byte[]> ByteParts { get; private init; } = [];

    internal int StatusCode { get; private init; } = 200;

    internal string Body { get; private init; } = string.Empty;

    internal string ContentType { get; private init; } = string.Empty;

    internal int PromptTokens { get; private init; } = 5;

    /// <summary>Null means "the number of text chunks".</summary>
    internal int? CompletionTokens { get; private init; }

    internal bool IncludeUsage { get; private init; } = true;

    /// <summary>The model the chunks report; null means the request's model.</summary>
    internal string? Model { get; private init; }

    internal TimeSpan DelayBeforeHeaders { get; private init; }

    internal TimeSpan DelayBetweenChunks { get; private init; }

    internal ImmutableDictionary<int, Task> Gates { get; private init; } = ImmutableDictionary<int, Task>.Empty;

    internal FakeReplyEnding Ending { get; private init; }

    internal ImmutableList<KeyValuePair<string, string>> Headers { get; private init; } = [];

    /// <summary>A streamed text answer in the route's dialect, one chunk per string.</summary>
    /// <param name="chunks">The text deltas.</param>
    /// <returns>The reply.</returns>
    public static FakeReply Text(params string[] chunks) => new(FakeReplyKind.Text, [.. chunks]);

    /// <summary>Raw SSE events: each payload is written verbatim as <c>data: &lt;payload&gt;\n\n</c>; no <c>[DONE]</c> is added.</summary>
    /// <param name="openAiDataPayloads">The <c>data:</c> payloads.</param>
    /// <returns>The reply.</returns>
    public static FakeReply Chunks(params string[] openAiDataPayloads) => new(FakeReplyKind.RawSse, [.. openAiDataPayloads]);

    /// <summary>Raw NDJSON: each line is written verbatim followed by <c>\n</c>.</summary>
    /// <param name="lines">The lines.</param>
    /// <returns>The reply.</returns>
    public static FakeReply OllamaLines(params string[] lines) => new(FakeReplyKind.RawNdjson, [.. lines]);

    /// <summary>
    /// Raw bytes: each unit is one flushed write (one chunk), exactly as given, with the route's streaming
    /// content type. For what text cannot carry: invalid UTF-8, or one huge line (repeat one array to keep
    /// the test's own memory small).
    /// </summary>
    /// <param name="units">The writes.</param>
    /// <returns>The reply.</returns>
    public static FakeReply Bytes(params byte[][] units)
    {
        ArgumentNullException.ThrowIfNull(units);
        return new(FakeReplyKind.RawBytes, []) { ByteParts = [.. units] };
    }

    /// <summary>A complete (not streamed) response with the given status and body.</summary>
    /// <param name="status">The HTTP status.</param>
    /// <param name="body">The body.</param>
    /// <param name="contentType">The content type.</param>
    /// <returns>The reply.</returns>
    public static FakeReply Status(int status, string body, string contentType = "application/json") =>
        new(FakeReplyKind.Status, []) { StatusCode = status, Body = body, ContentType = contentType };

    /// <summary>The token counts a text reply reports (default 5 and the number of chunks).</summary>
    /// <param name="promptTokens">Prompt tokens.</param>
    /// <param name="completionTokens">Completion tokens.</param>
    /// <returns>A copy.</returns>
    public FakeReply WithUsage(int promptTokens, int completionTokens) =>
        new(this) { PromptTokens = promptTokens, CompletionTokens = completionTokens, IncludeUsage = true };

    /// <summary>A text reply without usage (no usage chunk; no counts on the Ollama <c>done</c> line).</summary>
    /// <returns>A copy.</returns>
    public FakeReply WithoutUsage() => new(this) { IncludeUsage = false };

    /// <summary>The model a text reply's chunks name, instead of the request's model.</summary>
    /// <param name="model">The model.</param>
    /// <returns>A copy.</returns>
    public FakeReply WithModel(string model) => new(this) { Model = model };

    /// <summary>Waits before sending the status line and headers (ends early when the client goes away).</summary>
    /// <param name="delay">The wait; <see cref="Timeout.InfiniteTimeSpan"/> waits until the client goes away.</param>
    /// <returns>A copy.</returns>
    public FakeReply WithDelayBeforeHeaders(TimeSpan delay) => new(this) { DelayBeforeHeaders = delay };

    /// <summary>Waits between two written chunks.</summary>
    /// <param name="delay">The wait.</param>
    /// <returns>A copy.</returns>
    public FakeReply WithDelayBetweenChunks(TimeSpan delay) => new(this) { DelayBetweenChunks = delay };

    /// <summary>After chunk <paramref name="chunkIndex"/> is written and flushed, waits for <paramref name="gate"/> (or the client going away).</summary>
    /// <param name="chunkIndex">The 0-based chunk index (see the remarks of <see cref="FakeReply"/>).</param>
    /// <param name="gate">The task to wait for.</param>
    /// <returns>A copy.</returns>
    public FakeReply WaitAfterChunk(int chunkIndex, Task gate)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(chunkIndex);
        ArgumentNullException.ThrowIfNull(gate);
        return new(this) { Gates = Gates.SetItem(chunkIndex, gate) };
    }

    /// <summary>After the chunks keeps the response open until the client goes away.</summary>
    /// <returns>A copy.</returns>
    public FakeReply ThenHang() => new(this) { Ending = FakeReplyEnding.Hang };

    /// <summary>After the chunks aborts the connection (<c>HttpContext.Abort()</c>).</summary>
    /// <remarks>
    /// Like a real reset, the abort may drop chunks Kestrel has not sent yet. To be sure the client got a
    /// chunk first, hold the reply after it with <see cref="WaitAfterChunk"/> and release the gate once the
    /// client has seen it.
    /// </remarks>
    /// <returns>A copy.</returns>
    public FakeReply ThenAbort() => new(this) { Ending = FakeReplyEnding.Abort };

    /// <summary>Adds a response header.</summary>
    /// <param name="name">The header name.</param>
    /// <param name="value">The value.</param>
    /// <returns>A copy.</returns>
    public FakeReply WithHeader(string name, string value)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        return new(this) { Headers = Headers.Add(new(name, value)) };
    }
}
