using System.Text.Json.Serialization;

namespace G4F.Backend.Events;

/// <summary>
/// One event of a conversation stream (PROTOCOL 3.5). Every event serialises to a single-line JSON
/// object whose <c>type</c> field is <see cref="Type"/>; the SSE framing uses the same name as the
/// <c>event:</c> line.
/// </summary>
public abstract record ResponseEvent
{
    /// <summary>Creates an event of the given protocol type.</summary>
    /// <param name="type">The protocol's event type.</param>
    protected ResponseEvent(string type)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(type);
        Type = type;
    }

    /// <summary>The protocol's event type, e.g. <c>content</c> or <c>finish</c>.</summary>
    [JsonPropertyName("type")]
    [JsonPropertyOrder(-100)]
    public string Type { get; }
}
