namespace G4F.Backend.QuickAnswers;

/// <summary>A text answer known whole: filtered, cached, a data URI, or a list of media URLs.</summary>
/// <param name="Text">The body.</param>
public sealed record TextAnswer(string Text) : QuickAnswer;
