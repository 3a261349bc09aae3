namespace G4F.Backend.Media;

/// <summary>The three kinds of media blob the <see cref="IMediaStore"/> keeps apart.</summary>
public enum MediaArea
{
    /// <summary>The media library (PROTOCOL 7.1): generated, downloaded and synthesized media, one flat list of names.</summary>
    Library = 0,

    /// <summary>The thumbnail of a library image, under the image's name; made on first request, never listed as media.</summary>
    Thumbnail = 1,

    /// <summary>
    /// Copies the <c>?url=</c> fallbacks fetched for a missing library name, or (with a bucket id) for a bucket's missing
    /// media name. Bounded in total by the caller, which evicts the oldest; never part of the library or a bucket.
    /// </summary>
    Fetched = 2,
}
