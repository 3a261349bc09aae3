using System.Text.Json.Serialization;

namespace G4F.Backend.AspNetCore.Sharing;

/// <summary>Source-generated JSON of the sharing bodies; stored chats themselves are served as stored, never re-serialised.</summary>
[JsonSerializable(typeof(ShareIdResponse))]
internal sealed partial class SharingJsonContext : JsonSerializerContext
{
}
