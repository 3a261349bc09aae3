using System.Text.Json.Serialization;

namespace G4F.Backend.AspNetCore.OpenAI;

/// <summary>The one choice of a completion (<c>n</c> is always 1).</summary>
internal sealed record CompletionChoice(
    [property: JsonPropertyName("index")] int Index,
    [property: JsonPropertyName("message")] CompletionMessage Message,
    [property: JsonPropertyName("finish_reason")] string FinishReason);
