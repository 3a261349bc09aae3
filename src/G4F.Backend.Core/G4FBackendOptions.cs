using G4F.Backend.Buckets;
using G4F.Backend.Conversations;
using G4F.Backend.Credentials;
using G4F.Backend.Downloads;
using G4F.Backend.FrontDoors;
using G4F.Backend.Memory;
using G4F.Backend.Providers;
using G4F.Backend.QuickAnswers;
using G4F.Backend.Search;
using G4F.Backend.Sharing;
using G4F.Backend.Speech;
using G4F.Backend.Usage;
using G4F.Backend.WebClient;

namespace G4F.Backend;

/// <summary>
/// Options of the backend, bound from the configuration section <c>G4F</c> (see the README's
/// configuration reference). Validated when the host starts.
/// </summary>
public sealed class G4FBackendOptions
{
    /// <summary>The configuration section the sample host binds: <c>G4F</c>.</summary>
    public const string SectionName = "G4F";

    /// <summary>Folder for everything the backend stores (buckets, media, logs). Default <c>./g4f-data</c>.</summary>
    public string DataDirectory { get; set; } = "./g4f-data";

    /// <summary>Upstream providers by name (case-insensitive).</summary>
    public IDictionary<string, ProviderOptions> Providers { get; } = new Dictionary<string, ProviderOptions>(StringComparer.OrdinalIgnoreCase);

    /// <summary>Cross-origin settings the ASP.NET Core package applies when the host opts in.</summary>
    public CorsSettings Cors { get; set; } = new();

    /// <summary>Chat sharing limits (section <c>G4F:Sharing</c>).</summary>
    public SharingOptions Sharing { get; set; } = new();
    /// <summary>Usage and client log settings (<c>G4F:Usage</c>).</summary>
    public UsageOptions Usage { get; set; } = new();

    /// <summary>File bucket limits (<c>G4F:Buckets</c>).</summary>
    public BucketOptions Buckets { get; set; } = new();

    /// <summary>The safe downloader's rules for every server-side fetch of a client-chosen URL (<c>G4F:Downloads</c>).</summary>
    public DownloadOptions Downloads { get; set; } = new();

    /// <summary>The answer cache of <c>GET /create</c> (<c>G4F:Create</c>).</summary>
    public QuickAnswerOptions Create { get; set; } = new();

    /// <summary>Speech synthesis aliases and default (<c>G4F:Speech</c>).</summary>
    public SpeechOptions Speech { get; set; } = new();

    /// <summary>Web search for conversation prompts (<c>G4F:Search</c>).</summary>
    public SearchOptions Search { get; set; } = new();

    /// <summary>Where the official web client served at <c>/chat/</c> comes from (<c>G4F:Gui</c>).</summary>
    public WebClientOptions Gui { get; set; } = new();

    /// <summary>The OpenAI-compatible front door: its server keys (<c>G4F:OpenAI</c>).</summary>
    public OpenAIFrontDoorOptions OpenAI { get; set; } = new();

    /// <summary>Largest accepted cookie file (<c>upload_cookies</c>, <c>.json</c> or <c>.har</c>) in bytes; larger files get 413. Default 20 MiB.</summary>
    public long MaxCookieFileBytes { get; set; } = 20 * 1024 * 1024;

    /// <summary>Limits of the uploaded cookie store and of the <c>Cookie</c> header sent upstream (<c>G4F:Cookies</c>).</summary>
    public CookieOptions Cookies { get; set; } = new();

    /// <summary>How long discovered model lists are cached. Default 10 minutes.</summary>
    public TimeSpan ModelCacheDuration { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>The memory store and its endpoints (<c>G4F:Memory</c>).</summary>
    public MemoryOptions Memory { get; set; } = new();

    /// <summary>How long a failed model listing is remembered before it is tried again. Default 30 seconds.</summary>
    public TimeSpan ModelFailureCacheDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Longest wait for one provider's model list; a slower provider is listed with no models. Default 5 seconds.</summary>
    public TimeSpan ModelListTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Whether an <c>api_key</c> sent in a conversation request may replace the configured key.
    /// Keys starting with <c>g4f_</c> or <c>gfs_</c> are session tokens and never replace it. Default true.
    /// </summary>
    public bool AllowClientApiKeys { get; set; } = true;

    /// <summary>Whether <c>debug_mode</c> requests receive their <c>log</c> events. Default true.</summary>
    public bool EnableDebugLogEvents { get; set; } = true;

    /// <summary>Largest accepted conversation request body in bytes; larger bodies get 413. Default 16 MiB.</summary>
    public long MaxRequestBodyBytes { get; set; } = 16 * 1024 * 1024;

    /// <summary>
    /// Most JSON values (objects, arrays, strings, numbers, literals) one request body may hold, on every JSON route;
    /// more get 413. The byte limit alone does not bound memory: 16 MiB of <c>[0,0,…]</c> is eight million values, each
    /// a node once read. A string is one value whatever its length, so media as data URLs cost nothing here. Default 200,000.
    /// </summary>
    public int MaxRequestJsonValues { get; set; } = ConversationOptions.DefaultMaxRequestJsonValues;

    /// <summary>
    /// Most media one conversation request may attach (form <c>files</c> and <c>media_url</c>, or JSON <c>media</c>); more
    /// get 400. Bounds the URLs one request makes the server check and fetch. Default 16.
    /// </summary>
    public int MaxAttachedMedia { get; set; } = 16;

    /// <summary>
    /// NuGet flat-container index of the package whose newest version <c>/version</c> reports as
    /// <c>latest_version</c>; empty disables the lookup.
    /// </summary>
    public string? LatestVersionUrl { get; set; } = "https://api.nuget.org/v3-flatcontainer/g4f.backend.aspnetcore/index.json";

    /// <summary>Longest wait for the latest-version lookup. Default 3 seconds.</summary>
    public TimeSpan LatestVersionTimeout { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>How long the latest version (or the failure to learn it) is cached. Default 1 hour.</summary>
    public TimeSpan LatestVersionCacheDuration { get; set; } = TimeSpan.FromHours(1);
}
