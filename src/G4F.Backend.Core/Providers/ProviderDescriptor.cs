namespace G4F.Backend.Providers;

/// <summary>What clients and the router know about a provider (the fields of <c>/providers</c> and <c>/models/{provider}</c>).</summary>
public sealed record ProviderDescriptor
{
    /// <summary>The provider's name, the id clients send as <c>provider</c>.</summary>
    public required string Name { get; init; }

    /// <summary>Display name; never null.</summary>
    public required string Label { get; init; }

    /// <summary>Home page.</summary>
    public string? Url { get; init; }

    /// <summary>Where a user gets a key.</summary>
    public string? LoginUrl { get; init; }

    /// <summary>Family name.</summary>
    public string? Parent { get; init; }

    /// <summary>Whether credentials are needed.</summary>
    public bool RequiresAuth { get; init; }

    /// <summary>Whether the client enables it without a key.</summary>
    public bool ActiveByDefault { get; init; } = true;

    /// <summary>Routing order: lower is tried first.</summary>
    public int Priority { get; init; }

    /// <summary>The model used when a request names none.</summary>
    public string? DefaultModel { get; init; }

    /// <summary>A fixed model list, or null when models are discovered.</summary>
    public IReadOnlyList<string>? Models { get; init; }

    /// <summary>Image-generating models.</summary>
    public IReadOnlyList<string> ImageModels { get; init; } = [];

    /// <summary>Models that accept images.</summary>
    public IReadOnlyList<string> VisionModels { get; init; } = [];

    /// <summary>Audio models.</summary>
    public IReadOnlyList<string> AudioModels { get; init; } = [];

    /// <summary>Video-generating models.</summary>
    public IReadOnlyList<string> VideoModels { get; init; } = [];

    /// <summary>
    /// Whether a key the caller presented beside the request (an OpenAI client's bearer) may serve as this provider's key:
    /// only for a configured provider without a key of its own, so such a key never replaces the server's. False for a
    /// provider the host registered itself, whose key the backend does not know.
    /// </summary>
    internal bool TakesCallerKey { get; init; }

    /// <summary>
    /// Whether the provider takes images only as bytes (Ollama): an <c>image_url</c> part naming a URL would be lost on
    /// its wire, so the turn fetches such images through the safe downloader and inlines them before it is called.
    /// </summary>
    internal bool TakesInlineImagesOnly { get; init; }
}
