using G4F.Backend.Media;
using G4F.Backend.Storage;

namespace G4F.Backend.QuickAnswers;

/// <summary>A media answer stored in the media library, served as the blob itself.</summary>
/// <param name="Name">The stored name (its extension gives the content type).</param>
/// <param name="Blob">The opened blob; whoever serves the answer disposes it.</param>
public sealed record MediaFileAnswer(string Name, StoredBlob Blob) : QuickAnswer
{
    /// <summary>The blob as a file to serve, with the content type its name's extension gives.</summary>
    public StoredFile File => MediaFiles.Of(Blob, Name);
}
