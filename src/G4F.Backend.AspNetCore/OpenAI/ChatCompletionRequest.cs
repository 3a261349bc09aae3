using G4F.Backend.Providers;

namespace G4F.Backend.AspNetCore.OpenAI;

/// <summary>A chat completion request read from its OpenAI body: the turn's request and how to answer it.</summary>
/// <param name="Chat">The request of the turn (the <c>provider</c> field only chooses the provider; it is never sent upstream).</param>
/// <param name="Stream">Whether to answer with server-sent chunks.</param>
/// <param name="IncludeUsage">Whether a streamed answer ends with a usage chunk (<c>stream_options.include_usage</c>).</param>
internal sealed record ChatCompletionRequest(ChatRequest Chat, bool Stream, bool IncludeUsage);
