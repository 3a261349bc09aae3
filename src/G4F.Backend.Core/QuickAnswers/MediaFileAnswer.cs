namespace G4F.Backend.QuickAnswers;

/// <summary>A media answer stored in the media folder, served as the file itself.</summary>
/// <param name="Path">The absolute path of the stored file (inside the media folder).</param>
internal sealed record MediaFileAnswer(string Path) : QuickAnswer;
