namespace G4F.Backend.QuickAnswers;

/// <summary>
/// A text answer streamed as it arrives. <see cref="Chunks"/> must be enumerated (once) to release the turn; a failure
/// after the first chunk throws <see cref="QuickAnswerException"/> from the enumeration (the body is then cut off).
/// </summary>
/// <param name="Chunks">The answer's text, chunk by chunk, starting with the first.</param>
public sealed record StreamedTextAnswer(IAsyncEnumerable<string> Chunks) : QuickAnswer;
