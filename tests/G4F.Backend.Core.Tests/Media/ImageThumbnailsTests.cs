using G4F.Backend.Documents;
using G4F.Backend.Media;
using SkiaSharp;

namespace G4F.Backend.Core.Tests.Media;

/// <summary>Thumbnails (PROTOCOL 6.2 step 3) of images SkiaSharp creates at run time, written to a temp folder.</summary>
public sealed class ImageThumbnailsTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("g4f-thumbs").FullName;
    private readonly ImageThumbnails _thumbnails = new(new ConversionGate(1, TimeSpan.FromMinutes(5)));

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Theory]
    [InlineData(6, 200, 600, true)] // turned 90 degrees clockwise: the stored left side is on top
    [InlineData(8, 200, 600, false)] // turned 90 degrees counter-clockwise: the stored left side is at the bottom
    [InlineData(3, 600, 200, false)] // turned 180 degrees: the stored left side is on the right
    public async Task A_jpeg_with_an_exif_orientation_is_turned_and_reports_the_turned_size(ushort orientation, int width, int height, bool redFirst)
    {
        // 600x200 stored, left half red and right half blue.
        using var bitmap = new SKBitmap(600, 200);
        using (var canvas = new SKCanvas(bitmap))
        {
            canvas.Clear(SKColors.Blue);
            canvas.DrawRect(0, 0, 300, 200, new SKPaint { Color = SKColors.Red });
        }

        var source = Write("photo.jpg", WithOrientation(Encode(bitmap, SKEncodedImageFormat.Jpeg), orientation));
        var thumbnail = Path.Combine(_folder, "thumb.jpg");

        var size = await _thumbnails.CreateAsync(source, thumbnail, CancellationToken.None);

        size.Should().Be(new ImageSize(width, height));
        using var result = SKBitmap.Decode(thumbnail);
        (result.Width, result.Height).Should().Be(width > height ? (400, 133) : (133, 400));
        var (first, second) = width > height
            ? (result.GetPixel(50, 66), result.GetPixel(350, 66))
            : (result.GetPixel(66, 50), result.GetPixel(66, 350));
        (redFirst ? first : second).Red.Should().BeGreaterThan(200);
        (redFirst ? second : first).Blue.Should().BeGreaterThan(200);
    }

    [Fact]
    public async Task A_jpeg_over_50_megapixels_is_decoded_scaled_down_within_the_cap()
    {
        // A 16x16 JPEG whose frame header claims 10000x10000 (100 MP): an eighth-scale decode holds 1.6 MP.
        using var bitmap = new SKBitmap(16, 16);
        bitmap.Erase(SKColors.Green);
        var source = Write("huge.jpg", WithFrameSize(Encode(bitmap, SKEncodedImageFormat.Jpeg), 10000, 10000));
        var thumbnail = Path.Combine(_folder, "thumb.jpg");

        (await _thumbnails.CreateAsync(source, thumbnail, CancellationToken.None)).Should().Be(new ImageSize(10000, 10000));

        using var result = SKBitmap.Decode(thumbnail);
        (result.Width, result.Height).Should().Be((400, 400));
    }

    [Fact]
    public async Task A_large_png_is_sampled_row_by_row_keeping_its_picture()
    {
        // Left half red, right half blue: sampled by averaging blocks, the halves keep their exact colours.
        using var bitmap = new SKBitmap(3000, 1500);
        using (var canvas = new SKCanvas(bitmap))
        {
            canvas.Clear(SKColors.Blue);
            canvas.DrawRect(0, 0, 1500, 1500, new SKPaint { Color = SKColors.Red });
        }

        var source = Write("big.png", Encode(bitmap, SKEncodedImageFormat.Png));
        var thumbnail = Path.Combine(_folder, "thumb.png");

        (await _thumbnails.CreateAsync(source, thumbnail, CancellationToken.None)).Should().Be(new ImageSize(3000, 1500));

        using var result = SKBitmap.Decode(thumbnail);
        (result.Width, result.Height).Should().Be((400, 200));
        result.GetPixel(100, 100).Should().Be(SKColors.Red);
        result.GetPixel(300, 100).Should().Be(SKColors.Blue);
    }

    [Fact]
    public async Task Transparency_is_flattened_on_white_and_the_format_kept()
    {
        using var bitmap = new SKBitmap(new SKImageInfo(100, 50, SKColorType.Rgba8888, SKAlphaType.Premul));
        bitmap.Erase(SKColors.Transparent);
        var source = Write("clear.png", Encode(bitmap, SKEncodedImageFormat.Png));
        var thumbnail = Path.Combine(_folder, "thumb.png");

        (await _thumbnails.CreateAsync(source, thumbnail, CancellationToken.None)).Should().Be(new ImageSize(100, 50));

        using var codec = SKCodec.Create(thumbnail);
        codec.EncodedFormat.Should().Be(SKEncodedImageFormat.Png);
        using var result = SKBitmap.Decode(thumbnail);
        (result.Width, result.Height).Should().Be((100, 50), "small images are not upscaled");
        result.GetPixel(50, 25).Should().Be(SKColors.White);
    }

    [Fact]
    public async Task A_wide_image_is_fitted_into_400_by_400_keeping_its_aspect()
    {
        using var bitmap = new SKBitmap(4000, 100);
        bitmap.Erase(SKColors.Green);
        var source = Write("wide.webp", Encode(bitmap, SKEncodedImageFormat.Webp));
        var thumbnail = Path.Combine(_folder, "thumb.webp");

        (await _thumbnails.CreateAsync(source, thumbnail, CancellationToken.None)).Should().Be(new ImageSize(4000, 100));

        using var result = SKBitmap.Decode(thumbnail);
        (result.Width, result.Height).Should().Be((400, 10));
    }

    [Fact]
    public async Task Bytes_that_are_not_an_image_give_null_and_no_file()
    {
        var source = Write("fake.png", "this is not an image"u8.ToArray());
        var thumbnail = Path.Combine(_folder, "thumb.png");

        (await _thumbnails.CreateAsync(source, thumbnail, CancellationToken.None)).Should().BeNull();

        Directory.GetFiles(_folder).Select(Path.GetFileName).Should().Equal("fake.png");
    }

    [Fact]
    public async Task A_decompression_bomb_is_refused_before_decoding()
    {
        // A 10000x10000 PNG header (100 megapixels) with a tiny body: only the header is ever looked at.
        using var bitmap = new SKBitmap(10000, 10000);
        var source = Write("bomb.png", Encode(bitmap, SKEncodedImageFormat.Png));

        (await _thumbnails.CreateAsync(source, Path.Combine(_folder, "thumb.png"), CancellationToken.None)).Should().BeNull();
    }

    [Fact]
    public async Task A_format_skia_cannot_encode_still_reports_its_size()
    {
        var thumbnail = Path.Combine(_folder, "thumb.gif");
        var source = Write("anim.gif", Gif1x1());

        (await _thumbnails.CreateAsync(source, thumbnail, CancellationToken.None)).Should().Be(new ImageSize(1, 1));
        File.Exists(thumbnail).Should().BeFalse();
    }

    [Fact]
    public async Task A_gif_is_measured_from_its_header_without_decoding_its_frames()
    {
        // A GIF header of 300x200 followed by one frame whose pixel data is garbage.
        byte[] gif =
        [
            .. "GIF89a"u8.ToArray(), 0x2C, 0x01, 0xC8, 0x00, 0x00, 0x00, 0x00,
            0x2C, 0, 0, 0, 0, 0x2C, 0x01, 0xC8, 0x00, 0x00, 0x02, 0x05, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x00, 0x3B,
        ];
        var source = Write("broken.gif", gif);

        (await _thumbnails.CreateAsync(source, Path.Combine(_folder, "thumb.gif"), CancellationToken.None)).Should().Be(new ImageSize(300, 200));
    }

    private string Write(string name, byte[] bytes)
    {
        var path = Path.Combine(_folder, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    private static byte[] Encode(SKBitmap bitmap, SKEncodedImageFormat format)
    {
        using var image = SKImage.FromBitmap(bitmap);
        using var data = image.Encode(format, 90);
        return data.ToArray();
    }

    // An APP1 Exif segment (big-endian TIFF, one IFD entry: Orientation, SHORT) spliced in right after the JPEG's SOI marker.
    private static byte[] WithOrientation(byte[] jpeg, ushort orientation)
    {
        byte[] tiff =
        [
            (byte)'M', (byte)'M', 0, 42, 0, 0, 0, 8,
            0, 1,
            0x01, 0x12, 0, 3, 0, 0, 0, 1, (byte)(orientation >> 8), (byte)orientation, 0, 0,
            0, 0, 0, 0,
        ];
        byte[] header = [(byte)'E', (byte)'x', (byte)'i', (byte)'f', 0, 0];
        var length = 2 + header.Length + tiff.Length;
        byte[] segment = [0xFF, 0xE1, (byte)(length >> 8), (byte)length, .. header, .. tiff];
        return [.. jpeg[..2], .. segment, .. jpeg[2..]];
    }

    // Patches the width and height of the JPEG's baseline frame header (SOF0).
    private static byte[] WithFrameSize(byte[] jpeg, ushort width, ushort height)
    {
        for (var i = 2; i < jpeg.Length - 9; i++)
        {
            if (jpeg[i] == 0xFF && jpeg[i + 1] == 0xC0)
            {
                var patched = jpeg.ToArray();
                (patched[i + 5], patched[i + 6], patched[i + 7], patched[i + 8]) = ((byte)(height >> 8), (byte)height, (byte)(width >> 8), (byte)width);
                return patched;
            }
        }

        throw new InvalidOperationException("No SOF0 marker");
    }

    // The smallest valid GIF: one transparent pixel.
    private static byte[] Gif1x1() =>
        Convert.FromBase64String("R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7");
}
