namespace G4F.Backend.QuickAnswers;

/// <summary>
/// A text answer streamed as it arrives. <see cref="Utf8Chunks"/> must be enumerated (once) to release the turn; a failure
/// after the first chunk throws <see cref="QuickAnswerException"/> from the enumeration (the body is then cut off).
/// </summary>
/// <param name="Utf8Chunks">
/// The answer's text as UTF-8, chunk by chunk, starting with the first; each chunk is whole characters (as an upstream
/// delta arrived, without a string made of it). A chunk's memory may be read until the next chunk is asked for.
/// </param>
public sealed record StreamedTextAnswer(IAsyncEnumerable<ReadOnlyMemory<byte>> Utf8Chunks) : QuickAnswer;
