using System.Text.Json.Nodes;
using G4F.Backend.Events;

namespace G4F.Backend.Search;

/// <summary>What the search step adds to a turn; the request itself is never rewritten.</summary>
/// <param name="Messages">The messages with the last one's text replaced by the search prompt, or null when nothing was searched.</param>
/// <param name="Sources">The sources content to send after the answer, or null.</param>
/// <param name="Failure">The event that ends the turn (a failed search tool call), or null.</param>
internal sealed record SearchedTurn(JsonArray? Messages, string? Sources, ResponseEvent? Failure)
{
    /// <summary>Nothing searched, nothing added.</summary>
    public static SearchedTurn Unchanged { get; } = new(null, null, null);
}
