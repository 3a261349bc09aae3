namespace G4F.Backend.Search;

/// <summary>The results of one search, in the engine's order.</summary>
/// <param name="Results">The results; their index is the citation number.</param>
/// <param name="UsedWords">The words of page text and snippets the results hold.</param>
internal sealed record WebSearchResults(IReadOnlyList<WebSearchResult> Results, int UsedWords);
