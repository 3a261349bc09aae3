namespace G4F.Backend.Memory;

/// <summary>One stored memory item.</summary>
/// <param name="Id">The item's id: stable for a (user, conversation, position), so re-posting a conversation keeps it.</param>
/// <param name="UserId">The user it belongs to.</param>
/// <param name="ConversationId">The conversation it came from.</param>
/// <param name="Position">Its index in that conversation's items.</param>
/// <param name="Role">Who said it.</param>
/// <param name="Content">Its text.</param>
/// <param name="CreatedAt">When it was first stored (UTC, millisecond precision).</param>
/// <param name="UpdatedAt">When its role or text last changed (UTC, millisecond precision).</param>
public sealed record MemoryItem(
    string Id,
    string UserId,
    string ConversationId,
    int Position,
    string Role,
    string Content,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);
