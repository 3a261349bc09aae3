using G4F.Backend.Configuration;

namespace G4F.Backend.WebClient;

/// <summary>Where the official g4f web client served at <c>/chat/</c> comes from (configuration <c>G4F:Gui</c>).</summary>
public sealed class WebClientOptions
{
    /// <summary>The default <see cref="BaseUrl"/>: the raw files of the client's public repository, <c>gpt4free/g4f.dev</c>.</summary>
    public const string DefaultBaseUrl = "https://raw.githubusercontent.com/gpt4free/g4f.dev/refs/heads/main/";

    /// <summary>
    /// A folder holding the client's <c>chat/</c> and <c>dist/</c> folders (a checkout of <c>gpt4free/g4f.dev</c>), served as
    /// they are. Null or empty: the files are fetched from <see cref="BaseUrl"/> on first use and kept in the cache store (<c>ICacheStore</c>, cache <c>web-client</c>).
    /// </summary>
    public string? Path { get; set; }

    /// <summary>
    /// Where the client's files are fetched from when <see cref="Path"/> is not set: an http(s) URL the relative path
    /// (<c>chat/index.html</c>, <c>dist/js/chat.v1.js</c>) is appended to. Empty turns fetching off.
    /// Default <see cref="DefaultBaseUrl"/>.
    /// </summary>
    public string? BaseUrl { get; set; } = DefaultBaseUrl;

    /// <summary>Largest file fetched from <see cref="BaseUrl"/> in bytes (never more than <c>G4F:Downloads:MaxDocumentBytes</c>). Default 8 MiB.</summary>
    [Bounds(1, long.MaxValue, ErrorMessage = "G4F:Gui:MaxFileBytes must be positive.")]
    public long MaxFileBytes { get; set; } = 8L * 1024 * 1024;

    /// <summary>How long a fetched file is served before it is fetched again (a failed refresh keeps serving the old copy, for at most 7 days more). Default 1 day.</summary>
    [SpanBounds(OptionLimits.MinSpan, OptionLimits.MaxTimer, ErrorMessage = "G4F:Gui:CacheDuration must be a positive time span of at most 49.17:02:47.")]
    public TimeSpan CacheDuration { get; set; } = TimeSpan.FromDays(1);

    /// <summary>Most loads of fetched files (a cache store read, then a fetch from <see cref="BaseUrl"/> if need be) running at once; further requests wait for one to finish. Default 4.</summary>
    [Bounds(1, 64, ErrorMessage = "G4F:Gui:MaxConcurrentFetches must be between 1 and 64.")]
    public int MaxConcurrentFetches { get; set; } = 4;

    /// <summary>
    /// Most distinct files being loaded or waiting for one of the <see cref="MaxConcurrentFetches"/> slots at once; a
    /// request for yet another file that is not in memory is answered 503 with <c>Retry-After</c> instead of queuing.
    /// Default 64.
    /// </summary>
    [Bounds(1, 4096, ErrorMessage = "G4F:Gui:MaxPendingLoads must be between 1 and 4096.")]
    public int MaxPendingLoads { get; set; } = 64;
}
