namespace G4F.Backend.Media;

/// <summary>One stored media blob as the <see cref="IMediaStore"/> lists it.</summary>
/// <param name="Key">Its key.</param>
/// <param name="Length">Its length in bytes.</param>
/// <param name="LastModified">When it was written.</param>
public sealed record MediaEntry(MediaKey Key, long Length, DateTimeOffset LastModified);
