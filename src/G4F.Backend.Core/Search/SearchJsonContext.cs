using System.Text.Json.Serialization;

namespace G4F.Backend.Search;

/// <summary>Source-generated JSON of the day cache's files.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(WebSearchResults))]
[JsonSerializable(typeof(SearchCacheKey))]
internal sealed partial class SearchJsonContext : JsonSerializerContext;
