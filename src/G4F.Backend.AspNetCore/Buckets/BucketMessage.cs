using System.Text.Json.Serialization;

namespace G4F.Backend.AspNetCore.Buckets;

/// <summary>The success body of the bucket routes: <c>{"message": "..."}</c>.</summary>
internal sealed record BucketMessage([property: JsonPropertyName("message")] string Message);
