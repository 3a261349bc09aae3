namespace G4F.Backend.Memory;

/// <summary>One item of a conversation to remember.</summary>
/// <param name="Role">Who said it: <c>user</c>, <c>assistant</c>, <c>system</c>, ...</param>
/// <param name="Content">The item's text.</param>
public sealed record MemoryMessage(string Role, string Content);
