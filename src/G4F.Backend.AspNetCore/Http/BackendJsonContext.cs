using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using G4F.Backend.AspNetCore.Catalog;

namespace G4F.Backend.AspNetCore.Http;

/// <summary>Source-generated JSON of the HTTP bodies (nulls are written: clients read <c>parent: null</c>).</summary>
[JsonSerializable(typeof(ErrorEnvelope))]
[JsonSerializable(typeof(Dictionary<string, IReadOnlyList<string>>))]
[JsonSerializable(typeof(List<ModelEntry>))]
[JsonSerializable(typeof(List<ProviderEntry>))]
[JsonSerializable(typeof(VersionInfo))]
[JsonSerializable(typeof(JsonNode))]
internal sealed partial class BackendJsonContext : JsonSerializerContext
{
}
