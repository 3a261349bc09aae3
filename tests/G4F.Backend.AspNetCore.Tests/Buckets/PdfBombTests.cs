using System.Text.Json.Nodes;
using G4F.Backend.AspNetCore.Tests.Infrastructure;
using G4F.Backend.Core.Tests.Documents;
using Xunit.Abstractions;

namespace G4F.Backend.AspNetCore.Tests.Buckets;

/// <summary>
/// PDF Flate bombs (about 1 MB each, 1 GiB decoded) uploaded to the sample server running as its own process: each
/// is a per-file error naming the decoded-bytes limit, costs at most <see cref="ConversionMemoryTests.Budget"/> of
/// resident memory above what the server held before, and leaves the server serving.
/// </summary>
[Collection(ConversionMemoryCollection.Name)]
public sealed class PdfBombTests(SampleServerFixture fixture, ITestOutputHelper output) : IClassFixture<SampleServerFixture>
{
    private const long GiB = 1024L * 1024 * 1024;
    private const long MiB = 1024L * 1024;

    [Fact]
    public Task A_page_content_stream_that_inflates_to_a_gibibyte_is_refused_within_the_budget() =>
        RefusedWithinBudgetAsync(PdfBombSamples.FlateContent(GiB), "A page of the PDF file decodes to more than");

    [Fact]
    public Task One_page_listing_a_stream_sixty_four_times_is_refused_within_the_budget() =>
        RefusedWithinBudgetAsync(PdfBombSamples.ManyContentStreams(64, 16 * MiB), "A page of the PDF file decodes to more than");

    [Fact]
    public Task Sixty_four_pages_each_under_the_page_limit_are_refused_at_the_file_limit() =>
        RefusedWithinBudgetAsync(PdfBombSamples.ManyPages(64, 16 * MiB), "The PDF file decodes to more than");

    private async Task RefusedWithinBudgetAsync(byte[] bomb, string error)
    {
        var server = fixture.Server;
        var (json, peak) = await server.MeasureAsync(client => client.UploadJsonAsync(Guid.NewGuid().ToString(), ("bomb.pdf", "application/pdf", bomb)));
        output.WriteLine($"bomb.pdf ({bomb.Length} bytes): peak +{peak / MiB} MiB, answer {json}");
        var answer = JsonNode.Parse(json)!.AsObject();

        peak.Should().BeLessThan(ConversionMemoryTests.Budget, "the conversion of a {0} byte PDF must stay within its memory budget", bomb.Length);
        var failure = answer["errors"]!.AsArray().Should().ContainSingle().Subject!;
        failure["name"]!.GetValue<string>().Should().Be("bomb.pdf");
        failure.ToJsonString().Should().Contain(error).And.NotContain(server.DataDirectory);
        answer["files"]!.AsArray().Should().BeEmpty();
        server.IsRunning.Should().BeTrue();
        (await server.Client.GetStringAsync("/backend-api/v2/version")).Should().Contain("version");
    }
}
