using System.Runtime.InteropServices;
using G4F.Backend.Documents;
using SkiaSharp;

namespace G4F.Backend.Media;

/// <summary>
/// Reads an image's size and writes its thumbnail (PROTOCOL 6.2 step 3): EXIF-rotated, transparency flattened on
/// white, fitted into 400x400, same name and format. SkiaSharp does the decoding and encoding, inside a slot of the
/// <see cref="ConversionGate"/>, and never holds more than a bounded picture in memory: JPEG and WebP are decoded
/// scaled down, other formats row by row into a sampled copy. Every limit is checked against the sizes the file
/// declares, before any decode buffer is allocated.
/// </summary>
internal sealed class ImageThumbnails(ConversionGate gate)
{
    /// <summary>The box a thumbnail fits into.</summary>
    public const int MaxThumbnailSide = 400;

    /// <summary>
    /// Images whose decode would hold more pixels are refused before any pixel is decoded (decompression bombs): the
    /// scaled size for codecs that scale while decoding, the full size for the others.
    /// </summary>
    public const long MaxPixels = 50_000_000;

    /// <summary>
    /// The most a decoder may hold for an image's whole canvas whatever size it is asked for (<see cref="ImageCanvas"/>:
    /// the coefficients of a progressive JPEG, the rows of an interlaced PNG); more is refused. Derived from the 256 MiB
    /// a conversion may take: 160 MiB for that buffer leaves room for the decoded picture, the thumbnail and the runtime.
    /// A 6000x4000 progressive photo with usual 4:2:0 colour needs 72 MB, a 50-megapixel interlaced RGBA PNG 200 MB.
    /// </summary>
    public const long MaxCanvasBytes = 160L * 1024 * 1024;

    /// <summary>
    /// Writes the thumbnail of the image at <paramref name="sourcePath"/> to <paramref name="thumbnailPath"/> and
    /// returns the image's size after rotation; null (and no file written) when the file is not a decodable image.
    /// Formats Skia cannot encode (GIF) get no thumbnail file, but their size is still returned.
    /// </summary>
    public ValueTask<ImageSize?> CreateAsync(string sourcePath, string thumbnailPath, CancellationToken cancellationToken) =>
        CreateAsync(sourcePath, thumbnailPath, Path.GetFileName(thumbnailPath), cancellationToken);

    /// <summary>
    /// As <see cref="CreateAsync(string, string, CancellationToken)"/>, with the thumbnail's format taken from
    /// <paramref name="imageName"/>'s extension rather than from <paramref name="thumbnailPath"/> (a temporary file).
    /// </summary>
    public ValueTask<ImageSize?> CreateAsync(string sourcePath, string thumbnailPath, string imageName, CancellationToken cancellationToken) =>
        new(gate.RunAsync(token => Create(sourcePath, thumbnailPath, imageName, token), cancellationToken));

    private static ImageSize? Create(string sourcePath, string thumbnailPath, string imageName, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        using var codec = SKCodec.Create(sourcePath);
        if (codec is null || codec.Info.Width <= 0 || codec.Info.Height <= 0)
        {
            return null;
        }

        var origin = codec.EncodedOrigin;
        var swaps = origin is SKEncodedOrigin.LeftTop or SKEncodedOrigin.RightTop or SKEncodedOrigin.RightBottom or SKEncodedOrigin.LeftBottom;
        var size = swaps ? new ImageSize(codec.Info.Height, codec.Info.Width) : new ImageSize(codec.Info.Width, codec.Info.Height);
        var format = FormatOf(imageName);
        if (format is null)
        {
            // No thumbnail is written (GIF): the size comes from the header, no pixel is decoded.
            return (long)size.Width * size.Height > MaxPixels ? null : size;
        }

        var scale = Math.Min(1.0, Math.Min((double)MaxThumbnailSide / size.Width, (double)MaxThumbnailSide / size.Height));
        var width = Math.Max(1, (int)Math.Round(size.Width * scale));
        var height = Math.Max(1, (int)Math.Round(size.Height * scale));

        if (ImageCanvas.WholeCanvasBytes(sourcePath) > MaxCanvasBytes)
        {
            return null;
        }

        using var pixels = Decode(codec, scale, cancellationToken);
        if (pixels is null)
        {
            return null;
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

    private static SKBitmap? Decode(SKCodec codec, double scale, CancellationToken cancellationToken)
    {
        var full = codec.Info.Size;
        if (scale < 1)
        {
            // JPEG decoders scale by eighths (WebP freely) while decoding: a 6000x4000 photo is never decoded in full.
            var scaled = codec.GetScaledDimensions((float)scale);
            if (scaled.Width > 0 && scaled.Height > 0 && scaled.Width < full.Width && scaled.Width >= full.Width * scale && scaled.Height >= full.Height * scale)
            {
                return (long)scaled.Width * scaled.Height > MaxPixels ? null : DecodeWhole(codec, scaled);
            }
        }

        if ((long)full.Width * full.Height > MaxPixels)
        {
            return null;
        }

        // Other codecs (PNG) decode at full size only: read them row by row into a copy sampled down to twice the box.
        var factor = scale < 1 ? Math.Max(1, (int)(1 / scale / 2)) : 1;
        return factor > 1 && DecodeSampled(codec, factor, cancellationToken) is { } sampled ? sampled : DecodeWhole(codec, full);
    }

    private static SKBitmap? DecodeWhole(SKCodec codec, SKSizeI size)
    {
        var info = new SKImageInfo(size.Width, size.Height, SKColorType.Rgba8888, SKAlphaType.Premul);
        var bitmap = new SKBitmap(info);
        var result = codec.GetPixels(info, bitmap.GetPixels());
        if (result is SKCodecResult.Success or SKCodecResult.IncompleteInput)
        {
            return bitmap;
        }

        bitmap.Dispose();
        return null;
    }

    // Box filter over factor x factor blocks, one source row in memory at a time; null when the codec cannot decode by rows.
    private static SKBitmap? DecodeSampled(SKCodec codec, int factor, CancellationToken cancellationToken)
    {
        var (width, height) = (codec.Info.Width, codec.Info.Height);
        var info = new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Premul);
        if (codec.StartScanlineDecode(info) != SKCodecResult.Success || codec.ScanlineOrder != SKCodecScanlineOrder.TopDown)
        {
            return null;
        }

        var (outWidth, outHeight) = ((width + factor - 1) / factor, (height + factor - 1) / factor);
        var output = new byte[outWidth * outHeight * 4];
        var sums = new long[outWidth * 4];
        var row = new byte[width * 4];
        var rowPointer = Marshal.AllocHGlobal(row.Length);
        try
        {
            for (var y = 0; y < height; y++)
            {
                if (y % 1024 == 0)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                }

                // A truncated file leaves its missing rows transparent (then white), as the whole decode does.
                Array.Clear(row);
                if (codec.GetScanlines(rowPointer, 1, row.Length) == 1)
                {
                    Marshal.Copy(rowPointer, row, 0, row.Length);
                }

                for (var x = 0; x < width * 4; x++)
                {
                    sums[(x / 4 / factor * 4) + (x % 4)] += row[x];
                }

                if ((y + 1) % factor == 0 || y == height - 1)
                {
                    WriteSampledRow(output, sums, y / factor, width, factor, rows: (y % factor) + 1);
                }
            }
        }
        finally
        {
            Marshal.FreeHGlobal(rowPointer);
        }

        var bitmap = new SKBitmap(new SKImageInfo(outWidth, outHeight, SKColorType.Rgba8888, SKAlphaType.Premul));
        Marshal.Copy(output, 0, bitmap.GetPixels(), output.Length);
        return bitmap;
    }

    private static void WriteSampledRow(byte[] output, long[] sums, int outY, int width, int factor, int rows)
    {
        var outWidth = sums.Length / 4;
        for (var outX = 0; outX < outWidth; outX++)
        {
            var columns = Math.Min(factor, width - (outX * factor));
            for (var channel = 0; channel < 4; channel++)
            {
                output[(((outY * outWidth) + outX) * 4) + channel] = (byte)(sums[(outX * 4) + channel] / (columns * rows));
            }
        }

        Array.Clear(sums);
    }

    // The thumbnail keeps the format its name promises, as the media route serves it by that name.
    private static SKEncodedImageFormat? FormatOf(string imageName) =>
        Path.GetExtension(imageName).ToLowerInvariant() switch
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
