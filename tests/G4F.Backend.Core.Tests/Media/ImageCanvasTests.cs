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
