using System.Text.Json.Nodes;
using G4F.Backend.Providers;

namespace G4F.Backend.Routing;

/// <summary>
/// What a route sends upstream: the host's request, never rewritten, and the messages and prompt the turn's steps made
/// of it (buckets expanded, the search prompt in, media attached). The request a provider receives is made from it in
/// one place, <see cref="RequestFor"/>, once per candidate tried, because the model and the key differ per candidate.
/// </summary>
/// <param name="Request">The request as the host gave it.</param>
/// <param name="Messages">The messages as the provider gets them.</param>
/// <param name="Prompt">The prompt of media models: the request's, or the user's own words when a search replaced the last message.</param>
internal sealed record UpstreamTurn(ChatRequest Request, JsonArray Messages, string? Prompt)
{
    /// <summary>A turn no step added to: the host's request as it is.</summary>
    public static UpstreamTurn Of(ChatRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return new UpstreamTurn(request, request.Messages, request.Prompt);
    }

    /// <summary>The request <paramref name="call"/>'s candidate receives: the only copy of <see cref="ChatRequest"/> a turn makes.</summary>
    public ChatRequest RequestFor(CandidateCall call)
    {
        ArgumentNullException.ThrowIfNull(call);
        return Request with { Messages = Messages, Prompt = Prompt, Model = call.Model, ApiKey = call.ApiKey };
    }

    // The request's own ToString leaves out messages and keys; the messages here are left out too.
    public override string ToString() => $"UpstreamTurn {{ Request = {Request}, Messages = {Messages.Count} }}";
}
