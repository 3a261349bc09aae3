using System.Text.Json.Serialization;

namespace G4F.Backend.AspNetCore.OpenAI;

/// <summary>One model of the list; <c>owned_by</c> names the first provider (in routing order) that serves it.</summary>
internal sealed record ModelCard(
    [property: JsonPropertyName("id"), JsonPropertyOrder(-2)] string Id,
    [property: JsonPropertyName("created")] long Created,
    [property: JsonPropertyName("owned_by")] string OwnedBy)
{
    [JsonPropertyName("object")]
    [JsonPropertyOrder(-1)]
    public string Object => "model";
}
