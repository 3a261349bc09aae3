namespace G4F.Backend.AspNetCore.OpenAI;

/// <summary>
/// An OpenAI image generation body as the front door serves it: the prompt, the model and provider (null for automatic),
/// how many images, the exact size (null for the provider's own choice) and whether the images come back as base64.
/// </summary>
internal sealed record ImageGenerationRequest(string Prompt, string? Model, string? Provider, int Count, string? Size, bool Base64, string? User);
