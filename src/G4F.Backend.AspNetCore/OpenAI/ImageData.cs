using System.Text.Json.Serialization;

namespace G4F.Backend.AspNetCore.OpenAI;

/// <summary>One image of an <see cref="ImagesResponse"/>: its <c>url</c> or its <c>b64_json</c>, and the prompt it was drawn for.</summary>
internal sealed record ImageData(
    [property: JsonPropertyName("url")] string? Url,
    [property: JsonPropertyName("b64_json")] string? Base64,
    [property: JsonPropertyName("revised_prompt")] string? RevisedPrompt);
