using System.Text.Json.Nodes;
using G4F.Backend.Events;
using G4F.Backend.Providers;
using G4F.Backend.Routing;
using G4F.Backend.Telemetry;
using G4F.Backend.Usage;

namespace G4F.Backend.Conversations;

/// <summary>
/// One turn on its way through the <see cref="TurnPipeline"/>: the request as the host gave it (never rewritten), what
/// the host knows, and what each step adds (the expanded, searched and attached messages, the search sources, the
/// route, the answering provider and model, the usage). Per turn, so it needs no locks.
/// </summary>
internal sealed class TurnContext
{
    public TurnContext(ChatRequest request, TurnInput input)
    {
        Request = request;
        Input = input;
        Messages = request.Messages;
        Prompt = request.Prompt;
        Model = request.Model;
        foreach (var note in request.ReadNotes)
        {
            Log.Add(note);
        }

        foreach (var note in input.ReadNotes)
        {
            Log.Add(note);
        }
    }

    /// <summary>The request as the host gave it.</summary>
    public ChatRequest Request { get; }

    /// <summary>What the host knows beyond the request.</summary>
    public TurnInput Input { get; }

    /// <summary>The debug lines of this turn, sent as <c>log</c> events in debug mode.</summary>
    public RequestLog Log { get; } = new();

    /// <summary>The media attached to the turn: the host's form media, else the request's.</summary>
    public IReadOnlyList<ChatMedia> Media => Input.Media ?? Request.Media;

    /// <summary>The user the usage line names: the identified caller when the host identifies callers, else the request's <c>user</c>.</summary>
    public string? User => CallerUsage.TurnUser(Request.User, Input.Caller);

    /// <summary>Where the turn goes; set by the provider lookup before the stream.</summary>
    public RoutePlan? Route { get; set; }

    /// <summary>The messages as the provider will get them: bucket parts expanded, the search prompt in, media attached.</summary>
    public JsonArray Messages { get; set; }

    /// <summary>The prompt of media models: the request's, or the user's own words when a search replaced the last message.</summary>
    public string? Prompt { get; set; }

    /// <summary>The web search's sources content, sent after the answer; null when nothing was searched.</summary>
    public string? SearchSources { get; set; }

    /// <summary>Whether <see cref="SearchSources"/> went out.</summary>
    public bool SearchSourcesSent { get; set; }

    /// <summary>The provider that answers (each one tried is announced): the usage line names it.</summary>
    public ProviderInfo? AnsweringProvider { get; set; }

    /// <summary>The model that answers, as the providers last reported it (the tag of stored media, the usage event's model).</summary>
    public string? Model { get; set; }

    /// <summary>The estimate of the answer's tokens, counted from the raw upstream text.</summary>
    public UsageAccumulator Usage { get; } = new();

    /// <summary>The usage event the upstream reported, as it was sent; null when the server estimates it.</summary>
    public UsageEvent? SentUsage { get; set; }

    /// <summary>The usage line being written; the stream ends once it is.</summary>
    public Task? UsageRecording { get; set; }

    /// <summary>The event that ends the turn (an <c>error</c> or <c>auth</c> event); null while the turn goes well.</summary>
    public ResponseEvent? Failure { get; set; }

    /// <summary>The provider's events, with failover; set by the routing step.</summary>
    public IAsyncEnumerable<ResponseEvent>? Upstream { get; set; }

    /// <summary>The <c>&lt;think&gt;</c> splitter of this turn's text.</summary>
    public ThinkTagParser? Thinking { get; set; }

    /// <summary>Where and under which tags provider media are stored; null when the request turned media download off.</summary>
    public MediaDownloadContext? MediaDownload { get; set; }

    /// <summary>
    /// Where the media step notes each visual media URL it handled, stored or not, in event order; null (the default)
    /// when the host does not ask. A host that answers with the stored files reads them here, never out of the URLs.
    /// </summary>
    public List<StoredTurnMedia>? StoredMedia { get; init; }

    /// <summary>The turn's span and metrics; null when nothing listens.</summary>
    public TurnTelemetry? Telemetry { get; set; }

    /// <summary>Events a step made before the provider's, sent in order once the step finished.</summary>
    public List<ResponseEvent> Pending { get; } = new(2);

    /// <summary>
    /// What the route sends upstream: the host's request and the messages and prompt the steps made. The provider's
    /// request is made from it per candidate, where the attempt is (<see cref="UpstreamTurn.RequestFor"/>).
    /// </summary>
    public UpstreamTurn ToUpstream() => new(Request, Messages, Prompt);
}
