using G4F.Backend.Documents;
using G4F.Backend.Downloads;
using G4F.Backend.Routing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace G4F.Backend.Search;

/// <summary>
/// Runs a web search (PROTOCOL 3.8 item 2): asks the engine, reads the top result pages through the
/// <see cref="SafeDownloader"/> (they are third-party URLs), shares the word budget among them, and answers the same
/// search again from the day cache without any network.
/// </summary>
internal sealed partial class WebSearchService
{
    private readonly Dictionary<string, IWebSearch> _engines = new(StringComparer.OrdinalIgnoreCase);
    private readonly SafeDownloader _downloader;
    private readonly SearchCache _cache;
    private readonly IOptions<SearchOptions> _options;
    private readonly TimeProvider _time;
    private readonly ILogger<WebSearchService> _logger;

    public WebSearchService(IEnumerable<IWebSearch> engines, SafeDownloader downloader, SearchCache cache, IOptions<SearchOptions> options, TimeProvider time, ILogger<WebSearchService> logger)
    {
        // In registration order, so an engine a host registers after AddG4FBackend replaces a built-in of the same name.
        foreach (var engine in engines)
        {
            _engines[engine.Name] = engine;
        }

        _downloader = downloader;
        _cache = cache;
        _options = options;
        _time = time;
        _logger = logger;
    }

    /// <summary>The names of the registered engines.</summary>
    public IReadOnlyCollection<string> EngineNames => _engines.Keys;

    /// <summary>A search for <paramref name="query"/> with the configured defaults.</summary>
    public WebSearchArguments Arguments(string query)
    {
        var settings = _options.Value;
        query = query.Trim();
        if (query.Length > WebSearchLimits.MaxQueryLength)
        {
            query = query[..WebSearchLimits.MaxQueryLength].TrimEnd();
        }

        return new WebSearchArguments(query, settings.MaxResults, settings.MaxWords, null, true, settings.PageTimeout, settings.Region);
    }

    /// <summary>
    /// The result blocks of PROTOCOL 3.8 for <paramref name="query"/>, as <c>GET /create?provider=CachedSearch</c> answers
    /// them (empty when nothing was found).
    /// </summary>
    /// <param name="query">The search text.</param>
    /// <param name="engine">An engine name (the original's <c>model</c> of CachedSearch), or null for the configured one.</param>
    /// <param name="log">The request's debug log, or null.</param>
    /// <param name="cancellationToken">Cancels the search.</param>
    /// <exception cref="WebSearchException">The search failed.</exception>
    public async Task<string> SearchBlocksAsync(string query, string? engine, RequestLog? log, CancellationToken cancellationToken)
    {
        var results = await SearchAsync(Arguments(query) with { Engine = engine }, log, cancellationToken).ConfigureAwait(false);
        return SearchPrompt.Blocks(results.Results);
    }

    /// <summary>Runs <paramref name="arguments"/>; notes for the client (pages not read, cache hits) go to <paramref name="log"/>.</summary>
    /// <exception cref="WebSearchException">Search is off, the engine is unknown, or the engine failed or took too long.</exception>
    public async Task<WebSearchResults> SearchAsync(WebSearchArguments arguments, RequestLog? log, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        var settings = _options.Value;
        if (!settings.Enabled)
        {
            throw new WebSearchException("Web search is turned off on this server.");
        }

        if (string.IsNullOrWhiteSpace(arguments.Query))
        {
            return new WebSearchResults([], 0);
        }

        var engine = ResolveEngine(arguments.Engine, log);
        var key = new SearchCacheKey(engine.Name.ToUpperInvariant(), arguments.Query, arguments.MaxResults, arguments.MaxWords, arguments.AddText, arguments.Region);
        if (settings.EnableCache && await _cache.TryGetAsync(key, cancellationToken).ConfigureAwait(false) is { } cached)
        {
            log?.Add($"Web search answered from today's cache ({engine.Name})");
            return cached;
        }

        using var overall = new CancellationTokenSource(settings.Timeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, overall.Token);
        var hits = await FindAsync(engine, arguments, linked.Token, cancellationToken).ConfigureAwait(false);
        var pages = new PageText?[hits.Count];

        // Only a result every user could have got is kept for the day: not one cut short by a caller's shorter page
        // time limit, nor one where a page was slow or unreachable this time.
        var cacheable = arguments.PageTimeout >= settings.PageTimeout;
        if (arguments.AddText && hits.Count > 0)
        {
            var reads = await Task.WhenAll(hits.Select(hit => ReadPageAsync(hit, arguments, linked.Token, cancellationToken))).ConfigureAwait(false);
            for (var i = 0; i < reads.Length; i++)
            {
                pages[i] = reads[i].Text;
                cacheable &= !reads[i].Transient;
                if (reads[i].Note is { } note)
                {
                    // Added here, in result order: the reads run in parallel and the log is not thread-safe.
                    log?.Add($"Web search result {i} not read, its snippet is used: {note}");
                }
            }
        }

        var results = Share(hits, pages, arguments.MaxWords);
        if (settings.EnableCache && cacheable && results.Results.Count > 0)
        {
            await _cache.StoreAsync(key, results, cancellationToken).ConfigureAwait(false);
        }

        return results;
    }

    /// <summary>
    /// Shares <paramref name="maxWords"/> among the results: each gets an equal part, and what a short text leaves
    /// goes to the longer ones. A result whose page was not read stands in with its snippet.
    /// </summary>
    internal static WebSearchResults Share(IReadOnlyList<WebSearchHit> hits, IReadOnlyList<PageText?> pages, int maxWords)
    {
        var bodies = hits.Select((hit, i) => pages[i] is { WordCount: > 0 } page ? page : PageText.FromPlainText(hit.Snippet, maxWords)).ToArray();
        var shares = WordShares([.. bodies.Select(b => b.WordCount)], maxWords);
        var results = new List<WebSearchResult>(hits.Count);
        for (var i = 0; i < hits.Count; i++)
        {
            var hit = hits[i];
            var text = bodies[i].Take(shares[i]);
            results.Add(pages[i] is { WordCount: > 0 } && text.Length > 0
                ? new WebSearchResult(hit.Title, hit.Url, hit.Snippet, text)
                : new WebSearchResult(hit.Title, hit.Url, text.Length > 0 ? text : hit.Snippet, null));
        }

        return new WebSearchResults(results, shares.Sum());
    }

    /// <summary>Water-filling: the shortest texts are served first, each taking at most an equal part of what is left.</summary>
    internal static int[] WordShares(int[] counts, int budget)
    {
        var shares = new int[counts.Length];
        var left = budget;
        var order = Enumerable.Range(0, counts.Length).OrderBy(i => counts[i]).ToArray();
        for (var k = 0; k < order.Length; k++)
        {
            var share = Math.Min(counts[order[k]], left / (order.Length - k));
            shares[order[k]] = share;
            left -= share;
        }

        return shares;
    }

    private IWebSearch ResolveEngine(string? requested, RequestLog? log)
    {
        if (!string.IsNullOrWhiteSpace(requested))
        {
            if (_engines.TryGetValue(requested, out var named))
            {
                return named;
            }

            // The original's backend values ("auto", "html", "lite") choose among DuckDuckGo's own back ends.
            if (!requested.Equals("auto", StringComparison.OrdinalIgnoreCase))
            {
                log?.Add($"Web search backend '{Cut(requested, 50)}' is not an engine of this server; the configured engine is used");
            }
        }

        var configured = _options.Value.Engine;
        return _engines.TryGetValue(configured, out var engine)
            ? engine
            : throw new WebSearchException($"The search engine '{configured}' is not registered on this server.");
    }

    private async Task<List<WebSearchHit>> FindAsync(IWebSearch engine, WebSearchArguments arguments, CancellationToken token, CancellationToken callerToken)
    {
        IReadOnlyList<WebSearchHit> hits;
        try
        {
            hits = await engine.SearchAsync(new WebSearchQuery(arguments.Query, arguments.MaxResults, arguments.Region), token).ConfigureAwait(false);
        }
        catch (OperationCanceledException ex) when (!callerToken.IsCancellationRequested)
        {
            LogEngineFailed(_logger, engine.Name, "timeout");
            throw new WebSearchException($"{engine.Name} did not answer in time.", ex);
        }
        catch (WebSearchException ex)
        {
            LogEngineFailed(_logger, engine.Name, ex.Message);
            throw;
        }
        catch (Exception ex) when ((ex is HttpRequestException or IOException) && !callerToken.IsCancellationRequested)
        {
            // The exception's message can name the engine's URL: only its kind is logged.
            LogEngineFailed(_logger, engine.Name, ex is HttpRequestException http ? $"{nameof(HttpRequestException)} ({http.HttpRequestError})" : ex.GetType().Name);
            throw new WebSearchException($"{engine.Name} could not be reached.", ex);
        }
        catch (Exception ex) when (ex is not OperationCanceledException && !callerToken.IsCancellationRequested)
        {
            LogEngineError(_logger, engine.Name, ex);
            throw new WebSearchException($"{engine.Name} failed.", ex);
        }

        // A host's engine may return more, or links that are no web pages: neither may reach the prompt.
        return [.. (hits ?? []).Where(h => h is not null && IsWebPage(h.Url)).Take(arguments.MaxResults)];
    }

    private async Task<(PageText? Text, string? Note, bool Transient)> ReadPageAsync(WebSearchHit hit, WebSearchArguments arguments, CancellationToken token, CancellationToken callerToken)
    {
        var settings = _options.Value;
        var host = new Uri(hit.Url).Host;
        using var page = new CancellationTokenSource(arguments.PageTimeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(token, page.Token);
        using var body = new MemoryStream();
        DownloadResult download;
        try
        {
            download = await _downloader.DownloadAsync(hit.Url, body, new DownloadRequirement(MaxBytes: settings.MaxPageBytes), linked.Token).ConfigureAwait(false);
        }
        catch (DownloadException ex)
        {
            LogPageSkipped(_logger, host, ex.Reason.ToString());
            return (null, $"{host}: {ex.Message}", ex.Reason is DownloadFailure.Timeout or DownloadFailure.Network or DownloadFailure.Storage);
        }
        catch (Exception ex) when ((ex is OperationCanceledException or IOException or HttpRequestException) && !callerToken.IsCancellationRequested)
        {
            // The downloader passes a broken read through as it is once the fetch was cancelled: that is the time limit too.
            LogPageSkipped(_logger, host, "timeout");
            return (null, $"{host}: the page took too long.", true);
        }

        var type = download.ContentType;
        var isHtml = type is null or "text/html" or "application/xhtml+xml";
        if (!isHtml && type != "text/plain")
        {
            LogPageSkipped(_logger, host, "not a page");
            return (null, $"{host}: not a web page ({type}).", false);
        }

        var text = SearchHttp.Decode(body.GetBuffer().AsSpan(0, (int)body.Length), download.Charset);
        try
        {
            return (isHtml ? PageText.FromHtml(text, arguments.MaxWords) : PageText.FromPlainText(text, arguments.MaxWords), null, false);
        }
        catch (Exception ex) when (ConversionFailure.IsDocumentFault(ex))
        {
            // HtmlAgilityPack refuses pages nested deeper than its limit.
            LogPageSkipped(_logger, host, "unreadable HTML");
            return (null, $"{host}: the page could not be read.", false);
        }
    }

    private static bool IsWebPage(string? url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps);

    private static string Cut(string text, int length) => text.Length <= length ? text : text[..length];

    [LoggerMessage(Level = LogLevel.Warning, Message = "Web search with {Engine} failed: {Reason}")]
    private static partial void LogEngineFailed(ILogger logger, string engine, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Web search engine {Engine} failed unexpectedly")]
    private static partial void LogEngineError(ILogger logger, string engine, Exception exception);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Web search result page on {Host} not read ({Reason}); its snippet is used")]
    private static partial void LogPageSkipped(ILogger logger, string host, string reason);
}
