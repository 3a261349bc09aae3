using System.Text.Json.Serialization;

namespace G4F.Backend.AspNetCore.OpenAI;

/// <summary>Source-generated JSON of the OpenAI-compatible shapes (no reflection on the hot path, trimming-safe).</summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ModelList))]
[JsonSerializable(typeof(ModelCard))]
[JsonSerializable(typeof(ChatCompletion))]
[JsonSerializable(typeof(ChatCompletionChunk))]
[JsonSerializable(typeof(OpenAIErrorEnvelope))]
[JsonSerializable(typeof(ImagesResponse))]
internal sealed partial class OpenAIJsonContext : JsonSerializerContext;
