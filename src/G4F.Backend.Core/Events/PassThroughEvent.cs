using System.Text.Json.Nodes;

namespace G4F.Backend.Events;

/// <summary>
/// An event of a type this library does not model, forwarded unchanged (e.g. from a provider that
/// relays another backend). Its JSON is <see cref="Payload"/> with <c>type</c> set to <see cref="Type"/>.
/// </summary>
public sealed record PassThroughEvent : ResponseEvent
{
    /// <summary>Creates a pass-through event.</summary>
    /// <param name="type">The event type; must be a non-empty name.</param>
    /// <param name="payload">The other fields of the event.</param>
    public PassThroughEvent(string type, JsonObject payload)
        : base(type)
    {
        ArgumentNullException.ThrowIfNull(payload);
        Payload = payload;
    }

    /// <summary>The fields of the event besides <c>type</c>.</summary>
    public JsonObject Payload { get; }
}
