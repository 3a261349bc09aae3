namespace G4F.Backend.Media;

/// <summary>
/// Reads an image's size and writes its thumbnail (PROTOCOL 6.2 step 3): EXIF-rotated, transparency flattened on
/// white, fitted into 400x400, same name and format. SkiaSharp does the decoding and encoding.
/// </summary>
internal sealed class ImageThumbnails
{
    /// <summary>
    /// Writes the thumbnail of the image at <paramref name="sourcePath"/> to <paramref name="thumbnailPath"/> and
    /// returns the image's size after rotation; null (and no file written) when the file is not a decodable image.
    /// </summary>
    public ValueTask<ImageSize?> CreateAsync(string sourcePath, string thumbnailPath, CancellationToken cancellationToken) =>
        throw new NotImplementedException("Issue 3: thumbnails");
}
