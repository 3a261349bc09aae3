namespace G4F.Backend.Search;

/// <summary>One result as it goes into the prompt.</summary>
/// <param name="Title">The engine's title.</param>
/// <param name="Url">The page URL.</param>
/// <param name="Snippet">The engine's excerpt (cut to the result's word share when it stands in for the page).</param>
/// <param name="Text">The page's text cut to the result's word share, or null when the page was not read.</param>
internal sealed record WebSearchResult(string Title, string Url, string Snippet, string? Text);
