namespace G4F.Backend.Search;

/// <summary>
/// One web search engine that turns a query into result links (PROTOCOL 3.8 item 2). The backend brings
/// <c>DuckDuckGo</c> and <c>SearXNG</c>; a host adds an engine by registering another <see cref="IWebSearch"/>
/// singleton (registered after <c>AddG4FBackend</c>, an engine with a built-in name replaces the built-in one).
/// The backend fetches the result pages itself, through its safe downloader.
/// </summary>
public interface IWebSearch
{
    /// <summary>
    /// The engine's name (case-insensitive), as <c>G4F:Search:Engine</c> and a search tool call's <c>backend</c>
    /// argument name it.
    /// </summary>
    string Name { get; }

    /// <summary>Runs one search.</summary>
    /// <param name="query">What to search for and how many results to return at most.</param>
    /// <param name="cancellationToken">Cancels the search (the search's time limit or the client going away).</param>
    /// <returns>The results in the engine's order, at most <see cref="WebSearchQuery.MaxResults"/>; empty when nothing was found.</returns>
    /// <exception cref="WebSearchException">The search failed; the message is shown to the client.</exception>
    Task<IReadOnlyList<WebSearchHit>> SearchAsync(WebSearchQuery query, CancellationToken cancellationToken);
}
