using G4F.Backend.Events;
using G4F.Backend.Providers;

namespace G4F.Backend.Search;

/// <summary>A turn after the search step.</summary>
/// <param name="Request">The request, its last message replaced by the search prompt when a search ran.</param>
/// <param name="Sources">The sources content to send after the answer, or null.</param>
/// <param name="Failure">The event that ends the turn (a failed search tool call), or null.</param>
internal sealed record SearchedTurn(ChatRequest Request, string? Sources, ResponseEvent? Failure);
