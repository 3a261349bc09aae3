namespace G4F.Backend.Conversations;

/// <summary>
/// Images for a prompt, as <see cref="ImageGenerationService.GenerateAsync"/> runs them: each image is one turn of the
/// conversation pipeline (routing, fallback, usage log, media store).
/// </summary>
/// <param name="Prompt">What to draw; the user's message and the image prompt of each turn.</param>
public sealed record ImageGenerationRequest(string Prompt)
{
    /// <summary>
    /// The image model; null for the first image model of <see cref="Provider"/> (or of the first provider that has one).
    /// Without a provider, only the providers with this model among their image models are routed to.
    /// </summary>
    public string? Model { get; init; }

    /// <summary>The provider to ask; null for automatic routing on <see cref="Model"/>.</summary>
    public string? Provider { get; init; }

    /// <summary>How many images, 1 to <see cref="ImageGenerationService.MaxImages"/>: one upstream call and one stored file each.</summary>
    public int Count { get; init; } = 1;

    /// <summary>The exact size (<c>WIDTHxHEIGHT</c> or <c>auto</c>); null for the provider's own choice. It also tags the stored file names.</summary>
    public string? Size { get; init; }

    /// <summary>The caller's own user label for the usage line, as <see cref="Providers.ChatRequest.User"/>.</summary>
    public string? User { get; init; }
}
