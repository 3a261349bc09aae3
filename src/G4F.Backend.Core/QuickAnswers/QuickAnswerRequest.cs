namespace G4F.Backend.QuickAnswers;

/// <summary>The query of <c>GET /backend-api/v2/create</c> (PROTOCOL 4), already read from the query string.</summary>
/// <param name="Prompt">The single user message.</param>
/// <param name="Model">The model id, or null for the provider's default.</param>
/// <param name="Provider">The provider name, or null for automatic routing.</param>
public sealed record QuickAnswerRequest(string Prompt, string? Model, string? Provider)
{
    /// <summary><c>web_search</c>: null (off), <c>true</c> (search with the prompt) or the query.</summary>
    public string? WebSearch { get; init; }

    /// <summary>
    /// <c>filter_markdown</c> (or <c>json</c>): null (off), <c>true</c>/<c>1</c> (the first tagged code block, else the whole
    /// answer) or a language list (that block only when its tag is contained in the value, else nothing).
    /// </summary>
    public string? Filter { get; init; }

    /// <summary><c>cache</c>: null (off) or the value the cache key is derived from.</summary>
    public string? Cache { get; init; }

    /// <summary>Whether audio output was requested (<c>audio</c>, or the <c>audio_provider</c> alias).</summary>
    public bool Audio { get; init; }

    /// <summary>The user the turn's usage line names (the authenticated caller), or null.</summary>
    public string? User { get; init; }
}
