using System.Text;
using System.Text.Json.Nodes;
using G4F.Backend.AspNetCore.Tests.Infrastructure;
using Xunit.Abstractions;

namespace G4F.Backend.AspNetCore.Tests.Buckets;

/// <summary>
/// The sample server as its own process after large but legal conversions: the memory a request took is given back
/// once it ends, with no further request to prompt a collection, and three large uploads at once leave it serving.
/// </summary>
[Collection(ConversionMemoryCollection.Name)]
public sealed class ResidentMemoryTests(SampleServerFixture fixture, ITestOutputHelper output) : IClassFixture<SampleServerFixture>
{
    /// <summary>How far above its resident set before the request the server may stay once the request ended.</summary>
    private const long Slack = 64L * 1024 * 1024;

    private static readonly TimeSpan GiveBackBound = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Memory_large_html_conversions_took_is_given_back_without_further_requests()
    {
        // A server of its own: the baseline must not carry what other tests left.
        await using var server = await SampleServerProcess.StartAsync();
        await server.Client.UploadJsonAsync(Guid.NewGuid().ToString(), ("warm.html", "text/html", LargePage(1000)));
        var baseline = server.ResidentBytes;
        var page = LargePage(100_000);

        var (answers, peak) = await server.MeasureAsync(client => Task.WhenAll(Enumerable.Range(0, 3).Select(
            i => client.UploadJsonAsync(Guid.NewGuid().ToString(), ($"large{i}.html", "text/html", page)))));
        var resident = await server.WaitForResidentAtMostAsync(baseline + Slack, GiveBackBound);

        output.WriteLine($"baseline {Mib(baseline)} MiB, peak +{Mib(peak)} MiB, resident afterwards {Mib(resident)} MiB ({Mib(resident - baseline):+0;-0} MiB)");
        answers.Select(a => JsonNode.Parse(a)!["files"]!.AsArray().Count).Should().Equal(1, 1, 1);
        resident.Should().BeLessThanOrEqualTo(baseline + Slack, "the memory the conversions took is given back within {0}", GiveBackBound);
    }

    [Fact]
    public async Task Three_large_uploads_at_once_are_answered_and_the_server_keeps_serving()
    {
        var server = fixture.Server;
        var page = LargePage(100_000);

        var (answers, peak) = await server.MeasureAsync(client => Task.WhenAll(Enumerable.Range(0, 3).Select(
            i => client.UploadJsonAsync(Guid.NewGuid().ToString(), ($"large{i}.html", "text/html", page)))));

        output.WriteLine($"three at once: peak +{Mib(peak)} MiB");
        answers.Select(a => JsonNode.Parse(a)!["files"]!.AsArray().Count).Should().Equal(1, 1, 1);
        peak.Should().BeLessThan(3 * ConversionMemoryTests.Budget);
        server.IsRunning.Should().BeTrue();
        (await server.Client.GetStringAsync("/backend-api/v2/version")).Should().Contain("version");
    }

    // An article of paragraphs with emphasis and links: 200,000 tags and about 9 MB for 100,000 paragraphs.
    private static byte[] LargePage(int paragraphs)
    {
        var html = new StringBuilder("<html><head><title>Large</title></head><body>");
        for (var i = 0; i < paragraphs; i++)
        {
            html.Append("<p>Paragraph ").Append(i).Append(" of a long article, with some words to read and a reference at its end.</p>\n");
        }

        return Encoding.UTF8.GetBytes(html.Append("</body></html>").ToString());
    }

    private static long Mib(long bytes) => bytes / (1024 * 1024);
}
