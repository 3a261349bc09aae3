using G4F.Backend.Documents;
using G4F.Backend.Media;
using SkiaSharp;

namespace G4F.Backend.Core.Tests.Media;

/// <summary>
/// Images whose decoder holds the whole canvas however small the decode (progressive JPEG, interlaced PNG): refused
/// from their declared header when that canvas passes <see cref="ImageThumbnails.MaxCanvasBytes"/>, thumbnailed below it.
/// </summary>
public sealed class ImageCanvasTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("g4f-canvas").FullName;
    private readonly ImageThumbnails _thumbnails = new(new ConversionGate(1, TimeSpan.FromMinutes(5)));

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void The_canvas_is_read_from_the_header_of_each_kind()
    {
        using var bitmap = new SKBitmap(64, 48);
        ImageCanvas.WholeCanvasBytes(Write("p.jpg", ImageBombs.ProgressiveJpeg(8000, 6250))).Should().Be(1000L * 782 * 64 * 2 * 3, "64 two-byte coefficients per 8x8 block (rows rounded up to 6256), three full components");
        ImageCanvas.WholeCanvasBytes(Write("i.png", ImageBombs.InterlacedPng(640, 480))).Should().Be(640L * 480 * 4);
        ImageCanvas.WholeCanvasBytes(Write("b.jpg", Encode(bitmap, SKEncodedImageFormat.Jpeg))).Should().Be(0, "a baseline JPEG decodes row by row");
        ImageCanvas.WholeCanvasBytes(Write("n.png", Encode(bitmap, SKEncodedImageFormat.Png))).Should().Be(0, "a PNG that is not interlaced decodes row by row");
    }

    [Fact]
    public async Task A_progressive_jpeg_of_50_megapixels_is_refused_before_decoding()
    {
        var source = Write("bomb.jpg", ImageBombs.ProgressiveJpeg(8000, 6250));

        (await _thumbnails.CreateAsync(source, Path.Combine(_folder, "thumb.jpg"), CancellationToken.None)).Should().BeNull("its coefficients alone would take 300 MB");

        Directory.GetFiles(_folder).Select(Path.GetFileName).Should().Equal("bomb.jpg");
    }

    [Fact]
    public async Task An_interlaced_png_of_50_megapixels_is_refused_before_decoding()
    {
        var source = Write("bomb.png", ImageBombs.InterlacedPng(8000, 6250));

        (await _thumbnails.CreateAsync(source, Path.Combine(_folder, "thumb.png"), CancellationToken.None)).Should().BeNull("its interlace buffer alone would take 200 MB");

        Directory.GetFiles(_folder).Select(Path.GetFileName).Should().Equal("bomb.png");
    }

    [Theory]
    [InlineData("photo.jpg")]
    [InlineData("photo.png")]
    public async Task Progressive_and_interlaced_images_of_ordinary_size_still_get_a_thumbnail(string name)
    {
        var bytes = name.EndsWith(".jpg", StringComparison.Ordinal) ? ImageBombs.ProgressiveJpeg(1600, 1200) : ImageBombs.InterlacedPng(1600, 1200);
        var source = Write(name, bytes);
        var thumbnail = Path.Combine(_folder, "thumb" + Path.GetExtension(name));

        (await _thumbnails.CreateAsync(source, thumbnail, CancellationToken.None)).Should().Be(new ImageSize(1600, 1200));

        using var result = SKBitmap.Decode(thumbnail);
        (result.Width, result.Height).Should().Be((400, 300));
    }

    [Theory]
    [InlineData("comments")]
    [InlineData("stray bytes")]
    public async Task A_progressive_jpeg_whose_frame_header_is_hidden_is_still_measured_and_refused(string hiding)
    {
        // Seventeen 64 KiB comments (more than a megabyte), or bytes that are no marker, which libjpeg skips, before the tables.
        var bomb = ImageBombs.ProgressiveJpeg(8000, 6250);
        var bytes = hiding == "comments"
            ? ImageBombs.WithSegmentsFirst(bomb, Enumerable.Repeat((Marker: (byte)0xFE, Body: new byte[0xFFFF - 2]), 17))
            : [.. bomb[..2], 0x00, 0x12, 0x34, .. bomb[2..]];
        var source = Write("bomb.jpg", bytes);

        ImageCanvas.WholeCanvasBytes(source).Should().Be(1000L * 782 * 64 * 2 * 3);
        (await _thumbnails.CreateAsync(source, Path.Combine(_folder, "thumb.jpg"), CancellationToken.None)).Should().BeNull("its coefficients alone would take 300 MB");
        Directory.GetFiles(_folder).Select(Path.GetFileName).Should().Equal("bomb.jpg");
    }

    [Fact]
    public async Task A_photo_with_exif_icc_and_a_megabyte_of_xmp_before_its_frame_header_is_measured_and_thumbnailed()
    {
        // As a phone writes them: a 64 KiB EXIF segment, an ICC profile over three APP2 segments, extended XMP (a depth map) over twenty APP1 segments.
        static byte[] Body(string signature, int length)
        {
            var body = new byte[length];
            System.Text.Encoding.ASCII.GetBytes(signature).CopyTo(body, 0);
            return body;
        }

        var segments = new List<(byte, byte[])> { (0xE1, Body("Exif\0\0", 0xFFFF - 2)) };
        segments.AddRange(Enumerable.Range(1, 3).Select(i => ((byte)0xE2, (byte[])[.. Body("ICC_PROFILE\0", 12), (byte)i, 3, .. new byte[60_000]])));
        segments.AddRange(Enumerable.Repeat(((byte)0xE1, Body("http://ns.adobe.com/xmp/extension/\0", 0xFFFF - 2)), 20));
        var source = Write("photo.jpg", ImageBombs.WithSegmentsFirst(ImageBombs.ProgressiveJpeg(1600, 1200), segments));
        var thumbnail = Path.Combine(_folder, "thumb.jpg");

        ImageCanvas.WholeCanvasBytes(source).Should().Be(200L * 150 * 64 * 2 * 3, "the frame header after 1.5 MB of segments is found");
        (await _thumbnails.CreateAsync(source, thumbnail, CancellationToken.None)).Should().Be(new ImageSize(1600, 1200));
        using var result = SKBitmap.Decode(thumbnail);
        (result.Width, result.Height).Should().Be((400, 300));
    }

    [Fact]
    public async Task A_jpeg_whose_frame_header_is_not_found_within_the_segment_bound_is_refused()
    {
        var source = Write("hidden.jpg", ImageBombs.WithSegmentsFirst(ImageBombs.ProgressiveJpeg(64, 48), Enumerable.Repeat(((byte)0xFE, Array.Empty<byte>()), 5000)));

        ImageCanvas.WholeCanvasBytes(source).Should().Be(ImageCanvas.Unbounded);
        (await _thumbnails.CreateAsync(source, Path.Combine(_folder, "thumb.jpg"), CancellationToken.None)).Should().BeNull();
    }

    [Fact]
    public async Task A_lossless_webp_of_48_megapixels_is_refused_before_decoding()
    {
        // 30 bytes that libwebp decodes into 192 MB before scaling; a lossy WebP decodes scaled, by rows.
        var source = Write("bomb.webp", ImageBombs.LosslessWebp(8000, 6000));
        using var bitmap = new SKBitmap(64, 48);

        ImageCanvas.WholeCanvasBytes(source).Should().Be(8000L * 6000 * 4);
        (await _thumbnails.CreateAsync(source, Path.Combine(_folder, "thumb.webp"), CancellationToken.None)).Should().BeNull("its pixels alone would take 192 MB");
        ImageCanvas.WholeCanvasBytes(Write("small.webp", ImageBombs.LosslessWebp(640, 480))).Should().Be(640L * 480 * 4);
        ImageCanvas.WholeCanvasBytes(Write("alpha.webp", Encode(bitmap, SKEncodedImageFormat.Webp))).Should().Be(64L * 48 * 2, "an alpha plane is decoded whole, once or twice");
        bitmap.Erase(SKColors.White);
        ImageCanvas.WholeCanvasBytes(Write("lossy.webp", Encode(bitmap, SKEncodedImageFormat.Webp))).Should().Be(0);
    }

    private static byte[] Encode(SKBitmap bitmap, SKEncodedImageFormat format)
    {
        using var image = SKImage.FromBitmap(bitmap);
        using var data = image.Encode(format, 90);
        return data.ToArray();
    }

    private string Write(string name, byte[] bytes)
    {
        var path = Path.Combine(_folder, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }
}
