using System.Net;
using G4F.Backend.AspNetCore.Tests.Infrastructure;
using G4F.Backend.Testing;

namespace G4F.Backend.AspNetCore.Tests.Media;

/// <summary>
/// The copies the <c>?url=</c> fallbacks keep stay within <c>Downloads:MaxFetchedBytes</c>: the oldest copies go first,
/// uploaded and generated files never, and 0 keeps nothing.
/// </summary>
public sealed class FetchedMediaTotalTests : IAsyncLifetime
{
    private const string BucketId = "5d1f7a0e-2b3c-4d5e-9f60-718293a4b5c6";
    private static readonly byte[] Png = MediaSources.Png;

    private FakeFileServer _server = null!;

    public async Task InitializeAsync()
    {
        _server = await MediaSources.StartAsync();
        for (var i = 0; i < 12; i++)
        {
            _server.MapFile($"/{i}.png", "image/png", Png);
        }

        _server.MapFile("/big.png", "image/png", [.. Png, .. new byte[100]]);
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Repeated_fetches_stay_within_the_total_evicting_the_oldest_copy_first()
    {
        // Room for two 12-byte copies: every third fetch evicts.
        await using var factory = Factory(maxFetchedBytes: 30);
        var generated = Path.Combine(Directory.CreateDirectory(Path.Combine(factory.DataDirectory, "media")).FullName, "generated.png");
        File.WriteAllBytes(generated, new byte[50]);
        var uploaded = Path.Combine(Directory.CreateDirectory(Path.Combine(factory.DataDirectory, "buckets", BucketId, "media")).FullName, "mine.png");
        File.WriteAllBytes(uploaded, new byte[50]);
        var client = factory.CreateClient();

        for (var i = 0; i < 12; i++)
        {
            // Both routes share the one total.
            var route = i % 2 == 0 ? $"/media/{i}.png" : $"/files/{BucketId}/media/{i}.png";
            using var response = await client.GetAsync($"{route}?url={Uri.EscapeDataString($"{_server.BaseUrl}/{i}.png")}");

            response.StatusCode.Should().Be(HttpStatusCode.OK, $"fetch {i} is served");
            (await response.Content.ReadAsByteArrayAsync()).Should().Equal(Png);
            CopiesSize(factory).Should().BeLessThanOrEqualTo(30, $"after fetch {i} the copies stay within the total");
        }

        // A bucket's copy is named "<URL hash>_<name>".
        Copies(factory).Select(c => c[(c.IndexOf('_', StringComparison.Ordinal) + 1)..]).Should().BeEquivalentTo(["10.png", "11.png"], "the two newest copies are kept");
        File.Exists(generated).Should().BeTrue("a generated file is never evicted");
        File.Exists(uploaded).Should().BeTrue("an uploaded file is never evicted");
        using var newest = await client.GetAsync($"/files/{BucketId}/media/11.png?url={Uri.EscapeDataString($"{_server.BaseUrl}/11.png")}");
        using var evicted = await client.GetAsync($"/media/0.png?url={Uri.EscapeDataString($"{_server.BaseUrl}/0.png")}");
        newest.StatusCode.Should().Be(HttpStatusCode.OK);
        evicted.StatusCode.Should().Be(HttpStatusCode.OK, "an evicted copy is fetched again");
        _server.Requests.Count(r => r == "/11.png").Should().Be(1, "the newest copy is served from disk");
        _server.Requests.Count(r => r == "/0.png").Should().Be(2, "the evicted copy had to be fetched again");
    }

    [Fact]
    public async Task Concurrent_fetches_never_overshoot_the_total()
    {
        await using var factory = Factory(maxFetchedBytes: 30);
        var client = factory.CreateClient();

        var responses = await Task.WhenAll(Enumerable.Range(0, 4).Select(i =>
            client.GetAsync($"/media/{i}.png?url={Uri.EscapeDataString($"{_server.BaseUrl}/{i}.png")}")));

        responses.Should().OnlyContain(r => r.StatusCode == HttpStatusCode.OK);
        CopiesSize(factory).Should().BeLessThanOrEqualTo(30);
        Copies(factory).Should().HaveCount(2);
        Array.ForEach(responses, r => r.Dispose());
    }

    [Fact]
    public async Task A_body_larger_than_the_total_is_not_kept()
    {
        await using var factory = Factory(maxFetchedBytes: 30);

        using var response = await factory.CreateClient().GetAsync($"/media/big.png?url={Uri.EscapeDataString(_server.BaseUrl + "/big.png")}");

        response.StatusCode.Should().Be(HttpStatusCode.NotFound);
        Copies(factory).Should().BeEmpty();
    }

    [Fact]
    public async Task Zero_turns_the_fallbacks_off()
    {
        await using var factory = Factory(maxFetchedBytes: 0);
        Directory.CreateDirectory(Path.Combine(factory.DataDirectory, "buckets", BucketId));
        var client = factory.CreateClient();

        using var media = await client.GetAsync($"/media/0.png?url={Uri.EscapeDataString(_server.BaseUrl + "/0.png")}");
        using var bucket = await client.GetAsync($"/files/{BucketId}/media/0.png?url={Uri.EscapeDataString(_server.BaseUrl + "/0.png")}");

        media.StatusCode.Should().Be(HttpStatusCode.NotFound);
        bucket.StatusCode.Should().Be(HttpStatusCode.NotFound);
        _server.Requests.Should().BeEmpty("nothing is fetched when nothing may be kept");
    }

    [Fact]
    public async Task At_most_the_copy_limit_is_kept_however_small_the_copies_evicting_the_oldest_first()
    {
        await using var factory = Factory(maxFetchedBytes: 1000, maxFetchedCopies: 3);
        var client = factory.CreateClient();

        for (var i = 0; i < 6; i++)
        {
            using var response = await client.GetAsync($"/media/{i}.png?url={Uri.EscapeDataString($"{_server.BaseUrl}/{i}.png")}");
            response.StatusCode.Should().Be(HttpStatusCode.OK);
            Copies(factory).Length.Should().BeLessThanOrEqualTo(3, $"after fetch {i} the copies stay within their count");
        }

        Copies(factory).Select(c => c[(c.IndexOf('_', StringComparison.Ordinal) + 1)..]).Should().BeEquivalentTo(["3.png", "4.png", "5.png"]);
    }

    [Fact]
    public async Task An_empty_body_is_no_copy()
    {
        _server.MapFile("/empty.png", "image/png", []);
        await using var factory = Factory(maxFetchedBytes: 1000);

        using var response = await factory.CreateClient().GetAsync($"/media/empty.png?url={Uri.EscapeDataString(_server.BaseUrl + "/empty.png")}");

        response.StatusCode.Should().Be(HttpStatusCode.NotFound);
        Copies(factory).Should().BeEmpty("an empty copy took a file and no byte of the total, so nothing ever evicted it");
    }

    private BackendFactory Factory(long maxFetchedBytes, int maxFetchedCopies = 10_000) => new(new Dictionary<string, string?>
    {
        ["G4F:Downloads:AllowedNetworks:0"] = "127.0.0.1/32",
        ["G4F:Downloads:MaxFetchedBytes"] = maxFetchedBytes.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["G4F:Downloads:MaxFetchedCopies"] = maxFetchedCopies.ToString(System.Globalization.CultureInfo.InvariantCulture),
    });

    private static string[] Copies(BackendFactory factory)
    {
        var folder = Path.Combine(factory.DataDirectory, ".fetched");
        return Directory.Exists(folder) ? [.. Directory.GetFiles(folder, "*", SearchOption.AllDirectories).Select(Path.GetFileName)!] : [];
    }

    private static long CopiesSize(BackendFactory factory)
    {
        var folder = Path.Combine(factory.DataDirectory, ".fetched");
        return Directory.Exists(folder) ? Directory.GetFiles(folder, "*", SearchOption.AllDirectories).Sum(f => new FileInfo(f).Length) : 0;
    }
}
