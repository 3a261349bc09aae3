namespace G4F.Backend.Search;

/// <summary>One result of a web search engine.</summary>
/// <param name="Title">The page title as the engine shows it.</param>
/// <param name="Url">The absolute http or https URL of the page (an engine's redirect link already resolved).</param>
/// <param name="Snippet">The engine's short excerpt; the prompt uses it when the page itself cannot be read.</param>
public sealed record WebSearchHit(string Title, string Url, string Snippet);
