using System.Text.Json.Nodes;

namespace G4F.Backend.Providers;

/// <summary>One conversation turn as the backend understands it (PROTOCOL 3.1).</summary>
public sealed record ChatRequest
{
    /// <summary>The chat messages, <c>[{role, content, ...}]</c>, as the client sent them.</summary>
    public required JsonArray Messages { get; init; }

    /// <summary>The model id; null or empty means the provider's default.</summary>
    public string? Model { get; init; }

    /// <summary>The requested provider name; null, empty or <c>AnyProvider</c> means automatic routing.</summary>
    public string? Provider { get; init; }

    /// <summary>
    /// The key for the provider being called. In a request from a client it is the <c>api_key</c>
    /// string; the router replaces it with the key that applies to each provider it calls.
    /// </summary>
    public string? ApiKey { get; init; }

    /// <summary>Keys per provider name, when <c>api_key</c> was an object.</summary>
    public IReadOnlyDictionary<string, string>? ApiKeys { get; init; }

    /// <summary>Sampling temperature.</summary>
    public double? Temperature { get; init; }

    /// <summary>Nucleus sampling.</summary>
    public double? TopP { get; init; }

    /// <summary>Most tokens to generate.</summary>
    public int? MaxTokens { get; init; }

    /// <summary>
    /// Most tokens to generate, under OpenAI's newer name <c>max_completion_tokens</c> (read only by the OpenAI front
    /// door; the g4f conversation route has no such field). OpenAI-compatible upstreams get it under that name, as
    /// OpenAI's reasoning models refuse <c>max_tokens</c>; Ollama and chat-client providers take it as the limit when
    /// <see cref="MaxTokens"/> is not set.
    /// </summary>
    public int? MaxCompletionTokens { get; init; }

    /// <summary>Stop sequence(s): a string or an array of strings.</summary>
    public JsonNode? Stop { get; init; }

    /// <summary>Sampling seed.</summary>
    public long? Seed { get; init; }

    /// <summary>OpenAI <c>response_format</c> object.</summary>
    public JsonNode? ResponseFormat { get; init; }

    /// <summary>OpenAI-style tool definitions.</summary>
    public JsonArray? Tools { get; init; }

    /// <summary>OpenAI <c>tool_choice</c>.</summary>
    public JsonNode? ToolChoice { get; init; }

    /// <summary>Provider session state from earlier <c>conversation</c> events.</summary>
    public JsonNode? Conversation { get; init; }

    /// <summary><c>next</c>, <c>variant</c> or <c>continue</c>.</summary>
    public string Action { get; init; } = "next";

    /// <summary>Whether the client asked for <c>log</c> events.</summary>
    public bool DebugMode { get; init; }

    /// <summary>The client's user label, recorded in usage.</summary>
    public string? User { get; init; }

    /// <summary>Provider names the automatic router must skip.</summary>
    public IReadOnlyList<string> Ignored { get; init; } = [];

    /// <summary>
    /// Web search for this turn (<c>web_search</c>): null = none; <c>"true"</c> = search with the first line of the last
    /// message; any other text = the query. The results replace the last message's text.
    /// </summary>
    public string? WebSearch { get; init; }

    /// <summary>
    /// Server-side tool calls (<c>tool_calls</c>) run before the provider; a <c>search_tool</c> call searches with its
    /// arguments. Never sent upstream.
    /// </summary>
    public JsonArray? ToolCalls { get; init; }

    /// <summary>
    /// Media attached to this turn (form <c>files</c> and <c>media_url</c>, or JSON <c>media</c>); they become parts of
    /// the last user message.
    /// </summary>
    public IReadOnlyList<ChatMedia> Media { get; init; } = [];

    /// <summary>
    /// Whether media the provider answers with are copied into the media folder and their URLs rewritten to this
    /// server's <c>/media/...</c> (PROTOCOL 7.2, <c>download_media</c>). Default true; false passes the provider's
    /// own rendering (remote URLs) through.
    /// </summary>
    public bool DownloadMedia { get; init; } = true;

    /// <summary>
    /// The aspect ratio for image and video models, e.g. <c>16:9</c> (<c>aspect_ratio</c>): it picks the image size
    /// of an OpenAI-compatible image model and tags stored media file names.
    /// </summary>
    public string? AspectRatio { get; init; }

    /// <summary>
    /// The exact image <c>size</c> (<c>WIDTHxHEIGHT</c> or <c>auto</c>) for an OpenAI-compatible image model, as the
    /// OpenAI front door's <c>size</c> asks; when set it is sent instead of the size <see cref="AspectRatio"/> maps to.
    /// </summary>
    public string? ImageSize { get; init; }

    /// <summary>The resolution the client chose (<c>resolution</c>); a tag in stored media file names.</summary>
    public string? Resolution { get; init; }

    /// <summary>
    /// The raw prompt for image and video models (<c>prompt</c>); when null the last user message is the prompt.
    /// Also the alt text of stored media.
    /// </summary>
    public string? Prompt { get; init; }

    /// <summary>Notes from reading the request (fields left out for their shape), added to the debug log.</summary>
    internal IReadOnlyList<string> ReadNotes { get; init; } = [];

    /// <summary>Describes the request without its messages or keys, so it can never leak a secret into a log.</summary>
    /// <returns>A short description.</returns>
    public override string ToString() =>
        $"ChatRequest {{ Provider = {Provider ?? "(automatic)"}, Model = {Model ?? "(default)"}, Messages = {Messages.Count}, ApiKey = {(ApiKey is null && ApiKeys is null ? "none" : "***")} }}";
}
