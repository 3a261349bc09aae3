namespace G4F.Backend.Storage;

/// <summary>
/// A stored blob opened for reading: its bytes as a stream, with the length and time of the version that was opened,
/// from which the HTTP routes make their <c>ETag</c> and <c>Last-Modified</c>. Disposing it closes the stream.
/// </summary>
public sealed class StoredBlob : IAsyncDisposable, IDisposable
{
    /// <summary>Wraps an opened blob.</summary>
    /// <param name="content">
    /// The bytes from the first: readable and seekable (the routes serve byte ranges by seeking), never the whole blob
    /// held in memory by the store. The blob owns it from now on.
    /// </param>
    /// <param name="length">The length in bytes of the version opened.</param>
    /// <param name="lastModified">When that version was written.</param>
    public StoredBlob(Stream content, long length, DateTimeOffset lastModified)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        Content = content;
        Length = length;
        LastModified = lastModified;
    }

    /// <summary>The bytes: readable and seekable, positioned at the start.</summary>
    public Stream Content { get; }

    /// <summary>The length in bytes.</summary>
    public long Length { get; }

    /// <summary>When this version was written; a new write of the same name gives a new time.</summary>
    public DateTimeOffset LastModified { get; }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => Content.DisposeAsync();

    /// <inheritdoc />
    public void Dispose() => Content.Dispose();
}
