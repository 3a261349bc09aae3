namespace G4F.Backend.Conversations;

/// <summary>The bytes of one attached medium and its media type (null when nothing names it).</summary>
internal readonly record struct LoadedMedia(ReadOnlyMemory<byte> Bytes, string? ContentType);
