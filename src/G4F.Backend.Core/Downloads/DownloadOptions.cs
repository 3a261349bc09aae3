using G4F.Backend.Configuration;
namespace G4F.Backend.Downloads;

/// <summary>
/// Rules of the safe downloader every server-side fetch of a client-chosen URL goes through
/// (configuration <c>G4F:Downloads</c>; PROTOCOL 7.5).
/// </summary>
public sealed class DownloadOptions
{
    /// <summary>Largest body accepted from one URL in bytes. Default 64 MiB.</summary>
    [Bounds(1, long.MaxValue, ErrorMessage = "G4F:Downloads:MaxBytes must be positive.")]
    public long MaxBytes { get; set; } = 64L * 1024 * 1024;

    /// <summary>
    /// Largest body accepted from one URL that is not image, audio or video (a page or document that is converted to
    /// text) in bytes; never more than <see cref="MaxBytes"/>. Default 16 MiB.
    /// </summary>
    [Bounds(1, long.MaxValue, ErrorMessage = "G4F:Downloads:MaxDocumentBytes must be positive.")]
    public long MaxDocumentBytes { get; set; } = 16L * 1024 * 1024;

    /// <summary>Longest time one download may take, redirects included. Default 30 seconds.</summary>
    [SpanBounds(OptionLimits.MinSpan, OptionLimits.MaxTimer, ErrorMessage = "G4F:Downloads:Timeout must be a positive time span of at most 49.17:02:47.")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Longest time one run of a bucket's <c>downloads.json</c> may take in all; what is not fetched by then is
    /// skipped. Default 2 minutes.
    /// </summary>
    [SpanBounds(OptionLimits.MinSpan, OptionLimits.MaxTimer, ErrorMessage = "G4F:Downloads:ListTimeout must be a positive time span of at most 49.17:02:47.")]
    public TimeSpan ListTimeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// Most <c>?url=</c> fetches of missing media running at once over the whole server; a request beyond it
    /// answers 404 at once. Default 4.
    /// </summary>
    [Bounds(1, int.MaxValue, ErrorMessage = "G4F:Downloads:MaxConcurrentFetches must be positive.")]
    public int MaxConcurrentFetches { get; set; } = 4;

    /// <summary>
    /// Most bytes the <c>?url=</c> fallbacks of <c>/media/{name}</c> and <c>/files/{bucket}/media/{name}</c> keep in all,
    /// in their own cache folder (<c>&lt;DataDirectory&gt;/.fetched/</c>, never a bucket's folder nor the media folder);
    /// storing a copy evicts the oldest fetched copies first, never an uploaded or generated file. A larger body is not
    /// kept (404). 0 turns the fallbacks off (404). Default 256 MiB.
    /// </summary>
    [Bounds(0, long.MaxValue, ErrorMessage = "G4F:Downloads:MaxFetchedBytes must not be negative (0 turns the ?url= fallbacks off).")]
    public long MaxFetchedBytes { get; set; } = 256L * 1024 * 1024;

    /// <summary>
    /// Most <c>?url=</c> copies kept at once (<c>G4F:Downloads:MaxFetchedCopies</c>), however small: each fetch lists them
    /// under one lock to evict the oldest, and a copy costs a file (a row) whatever its size. Storing one past it evicts
    /// the oldest copies first, as the byte total does. Default 10,000.
    /// </summary>
    [Bounds(1, 10_000_000, ErrorMessage = "G4F:Downloads:MaxFetchedCopies must be between 1 and 10000000.")]
    public int MaxFetchedCopies { get; set; } = 10_000;

    /// <summary>Most redirects followed; each hop is checked again. Default 5.</summary>
    [Bounds(0, 20, ErrorMessage = "G4F:Downloads:MaxRedirects must be between 0 and 20.")]
    public int MaxRedirects { get; set; } = 5;

    /// <summary>
    /// Networks in CIDR form (<c>10.1.0.0/16</c>, <c>127.0.0.1/32</c>, <c>fd00::/8</c>) that may be fetched although
    /// they are loopback, private or otherwise non-public. Empty by default: only public addresses are fetched.
    /// </summary>
    public IList<string> AllowedNetworks { get; } = [];
}
