using System.Text.Json.Serialization;
using G4F.Backend.Usage;

namespace G4F.Backend.AspNetCore.Usage;

/// <summary>Source-generated JSON of the usage endpoints' bodies.</summary>
[JsonSerializable(typeof(UsageStatistics))]
[JsonSerializable(typeof(EmptyObject))]
internal sealed partial class UsageJsonContext : JsonSerializerContext
{
}
