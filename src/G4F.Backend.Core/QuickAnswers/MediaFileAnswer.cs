using G4F.Backend.Storage;

namespace G4F.Backend.QuickAnswers;

/// <summary>A media answer stored in the media library, served as the blob itself.</summary>
/// <param name="Name">The stored name (its extension gives the content type).</param>
/// <param name="Blob">The opened blob; whoever serves the answer disposes it.</param>
internal sealed record MediaFileAnswer(string Name, StoredBlob Blob) : QuickAnswer;
