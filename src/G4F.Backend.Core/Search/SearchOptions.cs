using System.ComponentModel.DataAnnotations;
using G4F.Backend.Configuration;

namespace G4F.Backend.Search;

/// <summary>Web search for conversation prompts (<c>G4F:Search</c>; PROTOCOL 3.8 items 2 and 4).</summary>
public sealed class SearchOptions
{
    /// <summary>Whether the server searches at all; when off, <c>web_search</c> is ignored (noted in the log) and a search tool call fails. Default true.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>The engine used unless a search tool call names another registered one: <c>DuckDuckGo</c>, <c>SearXNG</c> or a host's engine. Default <c>DuckDuckGo</c>.</summary>
    [Required(AllowEmptyStrings = false, ErrorMessage = "G4F:Search:Engine must name a search engine such as DuckDuckGo or SearXNG.")]
    public string Engine { get; set; } = "DuckDuckGo";

    /// <summary>DuckDuckGo's HTML endpoint, posted the form fields <c>q</c> and <c>kl</c>. Default <c>https://html.duckduckgo.com/html/</c>.</summary>
    [HttpUrl(ErrorMessage = "G4F:Search:DuckDuckGoUrl must be an absolute http or https URL, not '{1}'.")]
    public string DuckDuckGoUrl { get; set; } = "https://html.duckduckgo.com/html/";

    /// <summary>The base URL of a SearXNG instance with the JSON format enabled (<c>{SearxngUrl}/search?q=...&amp;format=json</c>); required for the <c>SearXNG</c> engine.</summary>
    [HttpUrl(Optional = true, ErrorMessage = "G4F:Search:SearxngUrl must be an absolute http or https URL, not '{1}'.")]
    public string? SearxngUrl { get; set; }

    /// <summary>The region results come from, DuckDuckGo style (<c>us-en</c>, <c>de-de</c>; <c>wt-wt</c> = none). Default <c>us-en</c>.</summary>
    public string Region { get; set; } = "us-en";

    /// <summary>Results per search (a search tool call may ask for 1 to 20). Default 5.</summary>
    [Bounds(1, WebSearchLimits.MaxResults, ErrorMessage = "G4F:Search:MaxResults must be between 1 and 20.")]
    public int MaxResults { get; set; } = 5;

    /// <summary>Most words of page text in one prompt, shared by the results (a search tool call may ask for 1 to 20000). Default 2500.</summary>
    [Bounds(1, WebSearchLimits.MaxWords, ErrorMessage = "G4F:Search:MaxWords must be between 1 and 20000.")]
    public int MaxWords { get; set; } = 2500;

    /// <summary>Longest wait for one result page; a slower page is replaced by its snippet. Default 5 seconds.</summary>
    [SpanBounds(OptionLimits.MinSpan, OptionLimits.MaxTimer, ErrorMessage = "G4F:Search:PageTimeout must be a positive time span of at most 49.17:02:47.")]
    public TimeSpan PageTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Longest time a whole search may take, engine request and pages; pages not read by then use their snippets. Default 15 seconds.</summary>
    [SpanBounds(OptionLimits.MinSpan, OptionLimits.MaxTimer, ErrorMessage = "G4F:Search:Timeout must be a positive time span of at most 49.17:02:47.")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Largest answer accepted from a search engine in bytes. Default 2 MiB.</summary>
    [Bounds(1, int.MaxValue, ErrorMessage = "G4F:Search:MaxResponseBytes must be positive.")]
    public int MaxResponseBytes { get; set; } = 2 * 1024 * 1024;

    /// <summary>Largest result page read in bytes; a larger page is replaced by its snippet. Default 2 MiB.</summary>
    [Bounds(1, int.MaxValue, ErrorMessage = "G4F:Search:MaxPageBytes must be positive.")]
    public int MaxPageBytes { get; set; } = 2 * 1024 * 1024;

    /// <summary>Whether results are kept for the rest of the UTC day under <c>&lt;DataDirectory&gt;/search/</c>, so the same search costs no network. Default true.</summary>
    public bool EnableCache { get; set; } = true;
}
