using System.Net;
using G4F.Backend.AspNetCore.Tests.Infrastructure;
using G4F.Backend.Media;
using G4F.Backend.Testing;

namespace G4F.Backend.AspNetCore.Tests.Media;

/// <summary>The <c>?url=</c> fallback of a missing media file (PROTOCOL 7.3): fetched safely and stored, never redirected to (14.4).</summary>
public sealed class MediaFetchTests : IAsyncLifetime
{
    private const string Name = "1755780000_flux+a_cat_0011223344556677.png";
    private static readonly byte[] Png = MediaSources.Png;

    private FakeFileServer _server = null!;

    public async Task InitializeAsync() => _server = await MediaSources.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task A_missing_file_is_fetched_kept_as_a_copy_of_its_url_and_then_served_from_disk()
    {
        await using var factory = AllowingLoopback();
        var client = factory.CreateClient();
        var url = Uri.EscapeDataString(_server.BaseUrl + "/cat.png");
        var copy = FetchedCopyKey.For(Name, _server.BaseUrl + "/cat.png").Name;

        using var fetched = await client.GetAsync($"/media/{Name}?url={url}");
        using var again = await client.GetAsync($"/thumbnail/{Name}?url={url}");

        fetched.StatusCode.Should().Be(HttpStatusCode.OK);
        fetched.Content.Headers.ContentType!.MediaType.Should().Be("image/png");
        (await fetched.Content.ReadAsByteArrayAsync()).Should().Equal(Png);
        Directory.GetFiles(Path.Combine(factory.DataDirectory, ".fetched", "media")).Select(Path.GetFileName).Should().Equal(copy);
        Directory.Exists(Path.Combine(factory.DataDirectory, "media")).Should().BeFalse("a fetched copy is not a stored media file");
        (await again.Content.ReadAsByteArrayAsync()).Should().Equal(Png, "a fetched copy is served whole, also as its thumbnail");
        _server.Requests.Should().Equal(["/cat.png"], "the stored file answers the second request");
    }

    [Fact]
    public async Task A_copy_fetched_from_one_url_never_stands_in_for_the_name_asked_with_another_url_or_none()
    {
        // Anyone may ask for a missing name first, with a URL of his choosing: the name must not then serve his bytes to
        // the next caller, who names the URL the image really came from (or none, as a turn attaching it may).
        var planted = new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A, 9, 9, 9, 9 };
        _server.MapFile("/planted.png", "image/png", planted);
        await using var factory = AllowingLoopback();
        var client = factory.CreateClient();

        using var first = await client.GetAsync($"/media/{Name}?url={Uri.EscapeDataString(_server.BaseUrl + "/planted.png")}");
        using var real = await client.GetAsync($"/media/{Name}?url={Uri.EscapeDataString(_server.BaseUrl + "/cat.png")}");
        using var bare = await client.GetAsync($"/media/{Name}");
        using var again = await client.GetAsync($"/thumbnail/{Name}?url={Uri.EscapeDataString(_server.BaseUrl + "/planted.png")}");

        (await first.Content.ReadAsByteArrayAsync()).Should().Equal(planted, "the caller who named that URL gets what it serves");
        real.StatusCode.Should().Be(HttpStatusCode.OK);
        (await real.Content.ReadAsByteArrayAsync()).Should().Equal(Png, "the other URL is fetched, not answered with the first copy");
        bare.StatusCode.Should().Be(HttpStatusCode.NotFound, "without a URL no copy stands in");
        (await again.Content.ReadAsByteArrayAsync()).Should().Equal(planted);
        _server.Requests.Should().Equal(["/planted.png", "/cat.png"], "each URL's copy answers its later requests from disk");
    }

    [Theory]
    [InlineData("http://10.0.0.1/cat.png", "Unsafe")]
    [InlineData("http://169.254.169.254/latest/meta-data/", "Unsafe")]
    [InlineData("http://[::1]:{port}/cat.png", "Unsafe")]
    [InlineData("{base}/to-metadata", "Unsafe")]
    [InlineData("{base}/page.html", "NotMedia")]
    [InlineData("javascript:alert(1)", null)]
    [InlineData("//evil.example/cat.png", null)]
    public async Task A_refused_or_non_media_url_answers_404_json_and_never_redirects(string url, string? reason)
    {
        await using var factory = AllowingLoopback();
        var client = factory.CreateClient(new() { AllowAutoRedirect = false });
        var target = url.Replace("{base}", _server.BaseUrl, StringComparison.Ordinal)
            .Replace("{port}", _server.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);

        using var response = await client.GetAsync($"/media/{Name}?url={Uri.EscapeDataString(target)}");

        response.StatusCode.Should().Be(HttpStatusCode.NotFound);
        response.Headers.Location.Should().BeNull();
        (await response.Content.ReadAsStringAsync()).Should().Be("""{"error":{"message":"File not found"}}""");
        Directory.Exists(Path.Combine(factory.DataDirectory, "media")).Should().BeFalse();
        FetchLogs(factory).Should().Equal(reason is null ? [] : [$"Fetching media from {new Uri(target).Host} failed: {reason}"]);
    }

    [Fact]
    public async Task Loopback_is_refused_when_no_network_is_allowed()
    {
        await using var factory = new BackendFactory(new Dictionary<string, string?>());

        using var response = await factory.CreateClient().GetAsync($"/media/{Name}?url={Uri.EscapeDataString(_server.BaseUrl + "/cat.png")}");

        response.StatusCode.Should().Be(HttpStatusCode.NotFound);
        _server.Requests.Should().BeEmpty();
    }

    [Fact]
    public async Task A_name_that_is_not_media_is_never_fetched()
    {
        await using var factory = AllowingLoopback();

        using var response = await factory.CreateClient().GetAsync($"/media/notes.html?url={Uri.EscapeDataString(_server.BaseUrl + "/cat.png")}");

        response.StatusCode.Should().Be(HttpStatusCode.NotFound);
        _server.Requests.Should().BeEmpty();
    }

    [Fact]
    public async Task A_traversing_name_is_kept_inside_the_fetched_folder_only()
    {
        await using var factory = AllowingLoopback();

        using var response = await factory.CreateClient().GetAsync($"/media/..%2F..%2Fescape.png?url={Uri.EscapeDataString(_server.BaseUrl + "/cat.png")}");

        // "../../escape.png" sanitises to "escape.png" (1.6): kept in the fetched copies' folder, nowhere else.
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        Directory.GetFiles(factory.DataDirectory, "*escape.png", SearchOption.AllDirectories)
            .Should().Equal(Path.Combine(factory.DataDirectory, ".fetched", "media", FetchedCopyKey.For("escape.png", _server.BaseUrl + "/cat.png").Name));
        File.Exists(Path.Combine(Path.GetDirectoryName(factory.DataDirectory)!, "escape.png")).Should().BeFalse();
    }

    [Fact]
    public async Task Fetches_beyond_the_concurrency_limit_answer_404_at_once()
    {
        await using var factory = new BackendFactory(new Dictionary<string, string?>
        {
            ["G4F:Downloads:AllowedNetworks:0"] = "127.0.0.1/32",
            ["G4F:Downloads:MaxConcurrentFetches"] = "1",
        });
        var stalled = _server.MapStall("/slow.png");
        var client = factory.CreateClient();
        using var cancel = new CancellationTokenSource();
        var first = client.GetAsync($"/media/slow.png?url={Uri.EscapeDataString(_server.BaseUrl + "/slow.png")}", cancel.Token);
        await stalled;

        using var second = await client.GetAsync($"/media/{Name}?url={Uri.EscapeDataString(_server.BaseUrl + "/cat.png")}");
        await cancel.CancelAsync();

        second.StatusCode.Should().Be(HttpStatusCode.NotFound);
        _server.Requests.Should().Equal("/slow.png");
        await FluentActions.Awaiting(() => first).Should().ThrowAsync<OperationCanceledException>();
    }

    private static List<string> FetchLogs(BackendFactory factory) =>
        [.. factory.Logs.GetSnapshot().Where(r => r.Category == typeof(MediaUrlFallback).FullName).Select(r => r.Message)];

    private static BackendFactory AllowingLoopback() =>
        new(new Dictionary<string, string?> { ["G4F:Downloads:AllowedNetworks:0"] = "127.0.0.1/32" });
}
