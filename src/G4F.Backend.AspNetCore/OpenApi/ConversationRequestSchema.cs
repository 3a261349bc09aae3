using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace G4F.Backend.AspNetCore.OpenApi;

/// <summary>
/// The JSON body of <c>POST /backend-api/v2/conversation</c> as the OpenAPI document describes it (PROTOCOL 3): the fields
/// the backend reads. The endpoint parses the body itself (fields it does not know are passed to the provider as
/// parameters), so this type only documents the shape.
/// </summary>
internal sealed record ConversationRequestSchema(
    [property: JsonPropertyName("messages")] IReadOnlyList<ConversationMessageSchema> Messages,
    [property: JsonPropertyName("model")] string? Model,
    [property: JsonPropertyName("provider")] string? Provider,
    [property: JsonPropertyName("api_key")] string? ApiKey,
    [property: JsonPropertyName("conversation_id")] string? ConversationId,
    [property: JsonPropertyName("id")] string? Id,
    [property: JsonPropertyName("web_search")] JsonNode? WebSearch,
    [property: JsonPropertyName("media_url")] IReadOnlyList<string>? MediaUrl,
    [property: JsonPropertyName("ignored")] IReadOnlyList<string>? Ignored,
    [property: JsonPropertyName("temperature")] double? Temperature,
    [property: JsonPropertyName("top_p")] double? TopP,
    [property: JsonPropertyName("max_tokens")] int? MaxTokens,
    [property: JsonPropertyName("stop")] IReadOnlyList<string>? Stop);

/// <summary>One message of <see cref="ConversationRequestSchema.Messages"/>: a role and text or content parts.</summary>
internal sealed record ConversationMessageSchema(
    [property: JsonPropertyName("role")] string Role,
    [property: JsonPropertyName("content")] JsonNode Content);
