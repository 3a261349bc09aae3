using System.Text.Json.Nodes;
using G4F.Backend.AspNetCore.Tests.Infrastructure;
using G4F.Backend.Core.Tests.Media;
using Xunit.Abstractions;

namespace G4F.Backend.AspNetCore.Tests.Buckets;

/// <summary>
/// Images whose decoder holds the whole canvas however small the thumbnail (progressive JPEG, interlaced PNG), uploaded
/// to the sample server running as its own process: refused from their header with a per-file error, within the
/// budget of one conversion. Before the canvas check the JPEG cost +293 MiB and the PNG +593 MiB, and both were answered
/// as images.
/// </summary>
[Collection(ConversionMemoryCollection.Name)]
public sealed class ImageMemoryTests(SampleServerFixture fixture, ITestOutputHelper output) : IClassFixture<SampleServerFixture>
{
    [Fact]
    public async Task A_progressive_jpeg_of_50_megapixels_is_refused_within_the_budget()
    {
        var (answer, peak) = await UploadMeasuredAsync("bomb.jpg", "image/jpeg", ImageBombs.ProgressiveJpeg(8000, 6250));

        peak.Should().BeLessThan(ConversionMemoryTests.Budget);
        answer["errors"]!.AsArray().Should().ContainSingle().Which!["name"]!.GetValue<string>().Should().Be("bomb.jpg");
        answer["media"]!.AsArray().Should().BeEmpty();
        await ServerStillServesAsync();
    }

    [Fact]
    public async Task An_interlaced_png_of_50_megapixels_is_refused_within_the_budget()
    {
        var (answer, peak) = await UploadMeasuredAsync("bomb.png", "image/png", ImageBombs.InterlacedPng(8000, 6250));

        peak.Should().BeLessThan(ConversionMemoryTests.Budget);
        answer["errors"]!.AsArray().Should().ContainSingle().Which!["name"]!.GetValue<string>().Should().Be("bomb.png");
        answer["media"]!.AsArray().Should().BeEmpty();
        await ServerStillServesAsync();
    }

    private async Task<(JsonObject Answer, long PeakAddedBytes)> UploadMeasuredAsync(string name, string contentType, byte[] bytes)
    {
        var (json, peak) = await fixture.Server.MeasureAsync(client => client.UploadJsonAsync(Guid.NewGuid().ToString(), (name, contentType, bytes)));
        output.WriteLine($"{name} ({bytes.Length} bytes): peak +{peak / (1024 * 1024)} MiB, answer {json}");
        return (JsonNode.Parse(json)!.AsObject(), peak);
    }

    private async Task ServerStillServesAsync()
    {
        fixture.Server.IsRunning.Should().BeTrue();
        (await fixture.Server.Client.GetStringAsync("/backend-api/v2/version")).Should().Contain("version");
    }
}
