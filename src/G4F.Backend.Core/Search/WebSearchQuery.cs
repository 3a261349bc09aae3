namespace G4F.Backend.Search;

/// <summary>What an <see cref="IWebSearch"/> engine is asked.</summary>
/// <param name="Query">The search text.</param>
/// <param name="MaxResults">The most results wanted.</param>
/// <param name="Region">A DuckDuckGo-style region such as <c>us-en</c> or <c>de-de</c> (<c>wt-wt</c> = no region), or null.</param>
public sealed record WebSearchQuery(string Query, int MaxResults, string? Region);
