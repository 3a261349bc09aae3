using G4F.Backend.Storage;

namespace G4F.Backend.Media;

/// <summary>
/// Where media blobs are kept: the media library, its thumbnails and the <c>?url=</c> fallbacks' fetched copies
/// (<see cref="MediaArea"/>). Blobs go in and out as streams, never whole in memory. The embedded default keeps files
/// under <c>&lt;data&gt;/media/</c>, <c>media/thumbnails/</c> and <c>.fetched/</c>; a host replaces it with
/// <c>UseMediaStore</c> on the backend builder. Every member refuses a <see cref="MediaKey"/> whose names are not
/// sanitised (an <see cref="ArgumentException"/>), and a <see cref="MediaKey.BucketId"/> outside <see cref="MediaArea.Fetched"/>.
/// </summary>
public interface IMediaStore
{
    /// <summary>Opens a blob for reading; null when there is none.</summary>
    /// <param name="key">The blob.</param>
    /// <param name="cancellationToken">Stops the open.</param>
    /// <returns>The blob (its stream seekable, for byte ranges), or null.</returns>
    Task<StoredBlob?> OpenReadAsync(MediaKey key, CancellationToken cancellationToken);

    /// <summary>Length and time of a blob without opening it; null when there is none.</summary>
    /// <param name="key">The blob.</param>
    /// <param name="cancellationToken">Stops the look-up.</param>
    /// <returns>The entry, or null.</returns>
    Task<MediaEntry?> GetInfoAsync(MediaKey key, CancellationToken cancellationToken);

    /// <summary>
    /// Stores <paramref name="content"/> (read to its end) under <paramref name="key"/>, replacing any earlier blob as one
    /// step: a reader sees the old blob or the new one whole, and a failed or cancelled write leaves the old one.
    /// </summary>
    /// <param name="key">The blob.</param>
    /// <param name="content">The bytes; the caller bounds their size and disposes the stream.</param>
    /// <param name="cancellationToken">Stops the write.</param>
    /// <returns>The stored blob's entry.</returns>
    Task<MediaEntry> WriteAsync(MediaKey key, Stream content, CancellationToken cancellationToken);

    /// <summary>Deletes a blob. A reader that opened it before may finish reading.</summary>
    /// <param name="key">The blob.</param>
    /// <param name="cancellationToken">Stops the delete.</param>
    /// <returns>Whether there was one.</returns>
    Task<bool> DeleteAsync(MediaKey key, CancellationToken cancellationToken);

    /// <summary>Every blob of <paramref name="area"/>, in no particular order (the fetched copies of every bucket included).</summary>
    /// <param name="area">The area.</param>
    /// <param name="cancellationToken">Stops the listing.</param>
    /// <returns>The entries.</returns>
    IAsyncEnumerable<MediaEntry> ListAsync(MediaArea area, CancellationToken cancellationToken);
}
