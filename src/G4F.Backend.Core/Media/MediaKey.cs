namespace G4F.Backend.Media;

/// <summary>
/// Names one blob of the <see cref="IMediaStore"/>. <see cref="Name"/> and <see cref="BucketId"/> are sanitised names
/// (no separator, no <c>..</c>): a store refuses any other with an <see cref="ArgumentException"/> before it touches anything.
/// </summary>
/// <param name="Area">Which kind of blob.</param>
/// <param name="Name">The file name, such as <c>1755780000_flux_0123456789abcdef.png</c>.</param>
/// <param name="BucketId">Only for <see cref="MediaArea.Fetched"/>: the bucket whose missing media the copy stands in for; null for a library name.</param>
public readonly record struct MediaKey(MediaArea Area, string Name, string? BucketId = null)
{
    /// <summary>A library media name.</summary>
    /// <param name="name">The sanitised name.</param>
    /// <returns>The key.</returns>
    public static MediaKey Library(string name) => new(MediaArea.Library, name);

    /// <summary>The thumbnail of a library image.</summary>
    /// <param name="name">The image's sanitised name.</param>
    /// <returns>The key.</returns>
    public static MediaKey Thumbnail(string name) => new(MediaArea.Thumbnail, name);

    /// <summary>The fetched copy of a library name, or of a bucket's media name when <paramref name="bucketId"/> is given.</summary>
    /// <param name="name">The sanitised name.</param>
    /// <param name="bucketId">The sanitised bucket id, or null.</param>
    /// <returns>The key.</returns>
    public static MediaKey Fetched(string name, string? bucketId = null) => new(MediaArea.Fetched, name, bucketId);
}
