using System.Text.Json.Nodes;
using G4F.Backend.AspNetCore.Tests.Infrastructure;
using G4F.Backend.Core.Tests.Documents;
using Xunit.Abstractions;

namespace G4F.Backend.AspNetCore.Tests.Buckets;

/// <summary>
/// Decompression bombs uploaded to the sample server running as its own process: each is answered with a per-file
/// error, costs at most <see cref="Budget"/> of resident memory above what the server held before, and leaves the
/// server serving.
/// </summary>
[Collection(ConversionMemoryCollection.Name)]
public sealed class ConversionMemoryTests(SampleServerFixture fixture, ITestOutputHelper output) : IClassFixture<SampleServerFixture>
{
    /// <summary>The memory one conversion may take, whatever its input expands to.</summary>
    public const long Budget = 256L * 1024 * 1024;

    private const string Docx = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

    [Fact]
    public async Task A_docx_of_twenty_million_empty_paragraphs_is_refused_within_the_budget()
    {
        var bomb = BombSamples.DocxOfEmptyParagraphs(20_000_000);

        var (answer, peak) = await UploadMeasuredAsync(("bomb.docx", Docx, bomb));

        peak.Should().BeLessThan(Budget, "the conversion of a {0} byte DOCX must stay within its memory budget", bomb.Length);
        answer["errors"]!.AsArray().Should().ContainSingle().Which!["name"]!.GetValue<string>().Should().Be("bomb.docx");
        answer["files"]!.AsArray().Should().BeEmpty();
        await ServerStillServesAsync();
    }

    /// <summary>Uploads into a new bucket and returns the answer with the peak resident memory the upload added.</summary>
    private async Task<(JsonObject Answer, long PeakAddedBytes)> UploadMeasuredAsync(params (string Name, string ContentType, byte[] Bytes)[] files)
    {
        var server = fixture.Server;
        var (json, peak) = await server.MeasureAsync(client => client.UploadJsonAsync(Guid.NewGuid().ToString(), files));
        output.WriteLine($"{string.Join(", ", files.Select(file => $"{file.Name} ({file.Bytes.Length} bytes)"))}: peak +{peak / (1024 * 1024)} MiB, answer {json}");
        return (JsonNode.Parse(json)!.AsObject(), peak);
    }

    private async Task ServerStillServesAsync()
    {
        fixture.Server.IsRunning.Should().BeTrue();
        (await fixture.Server.Client.GetStringAsync("/backend-api/v2/version")).Should().Contain("version");
    }
}
