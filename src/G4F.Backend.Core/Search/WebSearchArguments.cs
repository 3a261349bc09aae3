namespace G4F.Backend.Search;

/// <summary>One search as the service runs it: the configured defaults with a search tool call's arguments applied.</summary>
/// <param name="Query">The search text.</param>
/// <param name="MaxResults">The most results (1 to <see cref="WebSearchLimits.MaxResults"/>).</param>
/// <param name="MaxWords">The most words of text over all results (1 to <see cref="WebSearchLimits.MaxWords"/>).</param>
/// <param name="Engine">The engine a tool call's <c>backend</c> named, or null for the configured engine.</param>
/// <param name="AddText">Whether the result pages are read; false uses the snippets only.</param>
/// <param name="PageTimeout">The longest wait for one page.</param>
/// <param name="Region">The DuckDuckGo-style region, or null.</param>
internal sealed record WebSearchArguments(string Query, int MaxResults, int MaxWords, string? Engine, bool AddText, TimeSpan PageTimeout, string? Region);
