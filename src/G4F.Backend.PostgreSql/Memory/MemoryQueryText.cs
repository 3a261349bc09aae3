namespace G4F.Backend.PostgreSql.Memory;

/// <summary>A built query: its tsquery text, and its parts' keyed lexemes for estimating how many items it matches.</summary>
/// <param name="Text">The tsquery text (parts joined by <c>|</c>).</param>
/// <param name="Parts">Each part's lexemes: one for a word, several for a phrase; a prefix ends in <c>*</c> (words never hold one).</param>
internal sealed record MemoryQueryText(string Text, IReadOnlyList<string[]> Parts);
