using System.Text.Json.Serialization;

namespace G4F.Backend.AspNetCore.Catalog;

/// <summary>The body of <c>/version</c> (PROTOCOL 2.4).</summary>
internal sealed record VersionInfo(
    [property: JsonPropertyName("version")] string? Version,
    [property: JsonPropertyName("latest_version")] string? LatestVersion);
