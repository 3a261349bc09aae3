using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace G4F.Backend.AspNetCore.Catalog;

/// <summary>One item of <c>/models/{provider}</c> (PROTOCOL 2.2).</summary>
internal sealed record ModelEntry(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("label")] string Label,
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("default")] bool Default,
    [property: JsonPropertyName("vision")] bool Vision,
    [property: JsonPropertyName("audio")] bool Audio,
    [property: JsonPropertyName("video")] bool Video,
    [property: JsonPropertyName("image")] bool Image,
    [property: JsonPropertyName("count")] JsonNode Count,
    [property: JsonPropertyName("tags")] IReadOnlyList<string> Tags);
