using System.Text.Json.Serialization;

namespace G4F.Backend.AspNetCore.Sharing;

/// <summary>The answer to a posted chat: <c>{"share_id": "&lt;sanitised id&gt;"}</c> (PROTOCOL 8.1).</summary>
internal sealed record ShareIdResponse([property: JsonPropertyName("share_id")] string ShareId);
