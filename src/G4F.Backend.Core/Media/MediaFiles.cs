using G4F.Backend.Storage;

namespace G4F.Backend.Media;

/// <summary>Opens stored media under their name, with the content type their extension names.</summary>
internal static class MediaFiles
{
    public const string DefaultContentType = "application/octet-stream";

    public static StoredFile Of(StoredBlob blob, string name) => new(blob, name, MediaTypes.ContentTypeOf(name) ?? DefaultContentType);
}
