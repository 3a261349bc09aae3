namespace G4F.Backend.Providers;

/// <summary>One upstream provider (configuration <c>G4F:Providers:&lt;Name&gt;</c>).</summary>
public sealed class ProviderOptions
{
    /// <summary>The wire dialect.</summary>
    public ProviderType Type { get; set; } = ProviderType.OpenAICompatible;

    /// <summary>
    /// Base URL of the upstream API: for OpenAI-compatible services the part before
    /// <c>/chat/completions</c> (e.g. <c>https://api.openai.com/v1</c>); for Ollama the server root
    /// (default <c>http://localhost:11434</c>).
    /// </summary>
    public string? BaseUrl { get; set; }

    /// <summary>The server's API key for this provider; never logged, never sent to the client.</summary>
    public string? ApiKey { get; set; }

    /// <summary>
    /// Whether users must bring their own key (the client shows a key icon and, when the provider has a
    /// <see cref="LoginUrl"/> or <see cref="Url"/>, a key field). Default false: a server-side <see cref="ApiKey"/> needs nothing from users.
    /// </summary>
    public bool? RequiresApiKey { get; set; }

    /// <summary>Display name; defaults to the provider's name.</summary>
    public string? Label { get; set; }

    /// <summary>Home page shown by the client.</summary>
    public string? Url { get; set; }

    /// <summary>Where a user gets a key.</summary>
    public string? LoginUrl { get; set; }

    /// <summary>Family name; the client groups children under it.</summary>
    public string? Parent { get; set; }

    /// <summary>A fixed model list; when null the models are discovered from the upstream.</summary>
    public IList<string>? Models { get; set; }

    /// <summary>The model used when a request names none.</summary>
    public string? DefaultModel { get; set; }

    /// <summary>
    /// Models that generate images. An OpenAI-compatible provider asks <c>POST {BaseUrl}/images/generations</c> for
    /// them instead of chatting.
    /// </summary>
    public IList<string> ImageModels { get; } = [];

    /// <summary>The image <c>size</c> per aspect-ratio shape for the <see cref="ImageModels"/> of an OpenAI-compatible provider.</summary>
    public ImageSizeOptions ImageSizes { get; set; } = new();

    /// <summary>Models that accept images.</summary>
    public IList<string> VisionModels { get; } = [];

    /// <summary>Models that produce or take audio.</summary>
    public IList<string> AudioModels { get; } = [];

    /// <summary>Models that generate video.</summary>
    public IList<string> VideoModels { get; } = [];

    /// <summary>
    /// The speech model of <c>POST {BaseUrl}/audio/speech</c> (e.g. <c>gpt-4o-mini-tts</c>); when set, an
    /// OpenAI-compatible provider can synthesize speech. Default null: no speech.
    /// </summary>
    public string? SpeechModel { get; set; }

    /// <summary>The voice used when a synthesize request names none. Default <c>alloy</c>.</summary>
    public string SpeechVoice { get; set; } = "alloy";

    /// <summary>Routing order: lower is tried first; ties keep registration order. Default 0.</summary>
    public int Priority { get; set; }

    /// <summary>Whether the provider is used at all. Default true.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Whether the client enables the provider without a key. Default true.</summary>
    public bool ActiveByDefault { get; set; } = true;

    /// <summary>Time limits of upstream calls.</summary>
    public ProviderTimeouts Timeouts { get; set; } = new();
}
