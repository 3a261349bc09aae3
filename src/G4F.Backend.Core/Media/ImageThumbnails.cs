using SkiaSharp;

namespace G4F.Backend.Media;

/// <summary>
/// Reads an image's size and writes its thumbnail (PROTOCOL 6.2 step 3): EXIF-rotated, transparency flattened on
/// white, fitted into 400x400, same name and format. SkiaSharp does the decoding and encoding.
/// </summary>
internal sealed class ImageThumbnails
{
    /// <summary>The box a thumbnail fits into.</summary>
    public const int MaxThumbnailSide = 400;

    /// <summary>Images with more pixels are refused before any pixel is decoded (decompression bombs).</summary>
    public const long MaxPixels = 50_000_000;

    /// <summary>
    /// Writes the thumbnail of the image at <paramref name="sourcePath"/> to <paramref name="thumbnailPath"/> and
    /// returns the image's size after rotation; null (and no file written) when the file is not a decodable image.
    /// Formats Skia cannot encode (GIF) get no thumbnail file, but their size is still returned.
    /// </summary>
    public ValueTask<ImageSize?> CreateAsync(string sourcePath, string thumbnailPath, CancellationToken cancellationToken) =>
        new(Task.Run(() => Create(sourcePath, thumbnailPath), cancellationToken));

    private static ImageSize? Create(string sourcePath, string thumbnailPath)
    {
        using var codec = SKCodec.Create(sourcePath);
        if (codec is null || codec.Info.Width <= 0 || codec.Info.Height <= 0 || (long)codec.Info.Width * codec.Info.Height > MaxPixels)
        {
            return null;
        }

        var origin = codec.EncodedOrigin;
        var swaps = origin is SKEncodedOrigin.LeftTop or SKEncodedOrigin.RightTop or SKEncodedOrigin.RightBottom or SKEncodedOrigin.LeftBottom;
        var size = swaps ? new ImageSize(codec.Info.Height, codec.Info.Width) : new ImageSize(codec.Info.Width, codec.Info.Height);

        var scale = Math.Min(1.0, Math.Min((double)MaxThumbnailSide / size.Width, (double)MaxThumbnailSide / size.Height));
        var width = Math.Max(1, (int)Math.Round(size.Width * scale));
        var height = Math.Max(1, (int)Math.Round(size.Height * scale));

        using var pixels = Decode(codec, scale);
        if (pixels is null)
        {
            return null;
        }

        var format = FormatOf(thumbnailPath);
        if (format is null)
        {
            return size;
        }

        using var surface = SKSurface.Create(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Premul));
        var canvas = surface.Canvas;
        canvas.Clear(SKColors.White);

        // Draw into the unrotated box, then map that box onto the display orientation.
        var (boxWidth, boxHeight) = swaps ? (height, width) : (width, height);
        canvas.SetMatrix(OrientationMatrix(origin, boxWidth, boxHeight));
        using var image = SKImage.FromBitmap(pixels);
        using var paint = new SKPaint { IsAntialias = true };
        canvas.DrawImage(image, SKRect.Create(boxWidth, boxHeight), new SKSamplingOptions(SKCubicResampler.Mitchell), paint);
        canvas.Flush();

        using var snapshot = surface.Snapshot();
        using var data = snapshot.Encode(format.Value, 85);
        if (data is null)
        {
            return size;
        }

        var temporary = $"{thumbnailPath}.{Guid.NewGuid():N}.tmp";
        try
        {
            using (var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write))
            {
                data.SaveTo(file);
            }

            File.Move(temporary, thumbnailPath, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }

        return size;
    }

    private static SKBitmap? Decode(SKCodec codec, double scale)
    {
        // JPEG decoders scale by eighths while decoding: a 6000x4000 photo need not be decoded in full for a 400 px thumbnail.
        var decodeSize = codec.Info.Size;
        if (scale < 1)
        {
            var scaled = codec.GetScaledDimensions((float)scale);
            if (scaled.Width >= codec.Info.Width * scale && scaled.Height >= codec.Info.Height * scale && scaled.Width > 0 && scaled.Height > 0)
            {
                decodeSize = scaled;
            }
        }

        var info = new SKImageInfo(decodeSize.Width, decodeSize.Height, SKColorType.Rgba8888, SKAlphaType.Premul);
        var bitmap = new SKBitmap(info);
        var result = codec.GetPixels(info, bitmap.GetPixels());
        if (result is SKCodecResult.Success or SKCodecResult.IncompleteInput)
        {
            return bitmap;
        }

        bitmap.Dispose();
        return null;
    }

    // The thumbnail keeps the format its name promises, as the media route serves it by that name.
    private static SKEncodedImageFormat? FormatOf(string thumbnailPath) =>
        Path.GetExtension(thumbnailPath).ToLowerInvariant() switch
        {
            ".jpg" or ".jpeg" => SKEncodedImageFormat.Jpeg,
            ".png" => SKEncodedImageFormat.Png,
            ".webp" => SKEncodedImageFormat.Webp,
            _ => null,
        };

    // Maps the unrotated box (w x h) onto the displayed image for each EXIF orientation.
    private static SKMatrix OrientationMatrix(SKEncodedOrigin origin, int w, int h) => origin switch
    {
        SKEncodedOrigin.TopRight => new SKMatrix(-1, 0, w, 0, 1, 0, 0, 0, 1),
        SKEncodedOrigin.BottomRight => new SKMatrix(-1, 0, w, 0, -1, h, 0, 0, 1),
        SKEncodedOrigin.BottomLeft => new SKMatrix(1, 0, 0, 0, -1, h, 0, 0, 1),
        SKEncodedOrigin.LeftTop => new SKMatrix(0, 1, 0, 1, 0, 0, 0, 0, 1),
        SKEncodedOrigin.RightTop => new SKMatrix(0, -1, h, 1, 0, 0, 0, 0, 1),
        SKEncodedOrigin.RightBottom => new SKMatrix(0, -1, h, -1, 0, w, 0, 0, 1),
        SKEncodedOrigin.LeftBottom => new SKMatrix(0, 1, 0, -1, 0, w, 0, 0, 1),
        _ => SKMatrix.Identity,
    };
}
