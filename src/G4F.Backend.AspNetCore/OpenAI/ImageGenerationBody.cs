using G4F.Backend.Conversations;

namespace G4F.Backend.AspNetCore.OpenAI;

/// <summary>An OpenAI image generation body as the front door serves it: what Core generates, and whether the images come back as base64.</summary>
internal sealed record ImageGenerationBody(ImageGenerationRequest Request, bool Base64);
