namespace G4F.Backend.Storage;

/// <summary>A stored file opened to be served: its bytes with the name and content type to serve them under.</summary>
/// <param name="Blob">The opened bytes; whoever serves the file disposes it.</param>
/// <param name="Name">The stored (sanitised) name.</param>
/// <param name="ContentType">The content type its extension names, <c>application/octet-stream</c> when none.</param>
public sealed record StoredFile(StoredBlob Blob, string Name, string ContentType);
