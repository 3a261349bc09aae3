using G4F.Backend.Identity;
using G4F.Backend.Providers;

namespace G4F.Backend.Conversations;

/// <summary>
/// What the host knows about a turn beyond the <see cref="ChatRequest"/> it parsed: who is calling, where this server
/// is reached and mounted, the media of a form, and what reading the request left out. A console or worker host passes
/// <see cref="None"/>.
/// </summary>
public sealed record TurnInput
{
    /// <summary>A turn with nothing known beyond its request: no caller identity, no server origin, mounted at the root.</summary>
    public static TurnInput None { get; } = new();

    /// <summary>
    /// The caller, when the host identifies callers: the usage line then names <see cref="CallerIdentity.UserId"/>
    /// (nobody for an anonymous caller), never the request's <see cref="ChatRequest.User"/>. Null when the host has no
    /// identity step: the request's own <c>user</c> is recorded, as in the original.
    /// </summary>
    public CallerIdentity? Caller { get; init; }

    /// <summary>
    /// The origin (<c>scheme://host[:port]</c>) the request reached this server at: bucket and media URLs with it name
    /// this server's own files and are read from storage, never fetched. Null when the host serves no URLs.
    /// </summary>
    public string? ServerOrigin { get; init; }

    /// <summary>
    /// The URL-escaped path prefix of this server's <c>/media/...</c> and <c>/thumbnail/...</c> routes (<c>""</c> at the
    /// root, e.g. <c>/g4f</c> under a prefix); media URLs in the events start with it.
    /// </summary>
    public string MediaBase { get; init; } = string.Empty;

    /// <summary>
    /// Media the host read beside the request (a form's <c>files</c> and <c>media_url</c>); when not null they replace
    /// the request's <see cref="ChatRequest.Media"/>.
    /// </summary>
    public IReadOnlyList<ChatMedia>? Media { get; init; }

    /// <summary>
    /// A key the caller presented beside the request, such as the bearer token of an OpenAI client; null for none. It is
    /// the caller's own key only for a configured provider that has no key of its own and only when
    /// <c>G4F:AllowClientApiKeys</c> allows client keys, so a dummy key never replaces the server's. A key the request
    /// itself names for a provider comes first.
    /// </summary>
    public string? CallerKey { get; init; }

    /// <summary>What reading the request dropped (e.g. files without a media extension): lines of the debug log.</summary>
    public IReadOnlyList<string> ReadNotes { get; init; } = [];

    /// <summary>Describes the input without its key or media, so it can never leak a secret into a log.</summary>
    /// <returns>A short description.</returns>
    public override string ToString() =>
        $"TurnInput {{ Caller = {(Caller is null ? "none" : "identified")}, ServerOrigin = {ServerOrigin ?? "none"}, MediaBase = {MediaBase}, Media = {Media?.Count.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none"}, CallerKey = {(CallerKey is null ? "none" : "***")} }}";
}
