using System.Text.Json.Serialization;

namespace G4F.Backend.AspNetCore.Catalog;

/// <summary>One item of <c>/providers</c> (PROTOCOL 2.3).</summary>
internal sealed record ProviderEntry(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("label")] string Label,
    [property: JsonPropertyName("parent")] string? Parent,
    [property: JsonPropertyName("image")] int Image,
    [property: JsonPropertyName("audio")] int Audio,
    [property: JsonPropertyName("video")] int Video,
    [property: JsonPropertyName("vision")] bool Vision,
    [property: JsonPropertyName("nodriver")] bool NoDriver,
    [property: JsonPropertyName("hf_space")] bool HfSpace,
    [property: JsonPropertyName("active_by_default")] bool ActiveByDefault,
    [property: JsonPropertyName("auth")] bool Auth,
    [property: JsonPropertyName("login_url")] string? LoginUrl,
    [property: JsonPropertyName("url")] string? Url,
    [property: JsonPropertyName("live")] int Live,
    [property: JsonPropertyName("login")] bool Login);
