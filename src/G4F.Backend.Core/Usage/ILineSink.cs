namespace G4F.Backend.Usage;

/// <summary>Receives the lines <see cref="JsonLineReader"/> splits a file into.</summary>
internal interface ILineSink
{
    /// <summary>One line without its <c>\n</c>; the span is only valid during the call.</summary>
    void OnLine(ReadOnlySpan<byte> line);
}
