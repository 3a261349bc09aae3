using System.Text.Json.Serialization;

namespace G4F.Backend.Events;

/// <summary>A login request rendered as markdown by the client.</summary>
/// <param name="Login">The markdown.</param>
public sealed record LoginEvent([property: JsonPropertyName("login")] string Login) : ResponseEvent("login");
