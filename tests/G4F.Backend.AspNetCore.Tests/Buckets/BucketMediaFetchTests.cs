using System.Net;
using G4F.Backend.AspNetCore.Tests.Infrastructure;
using G4F.Backend.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace G4F.Backend.AspNetCore.Tests.Buckets;

/// <summary>The <c>?url=</c> fallback of a missing bucket media file: fetched safely and stored, never redirected to (14.4).</summary>
public sealed class BucketMediaFetchTests : IAsyncLifetime
{
    private const string BucketId = "5d1f7a0e-2b3c-4d5e-9f60-718293a4b5c6";
    private static readonly byte[] Png = MediaSources.Png;

    private FakeFileServer _server = null!;

    public async Task InitializeAsync() => _server = await MediaSources.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task A_missing_file_is_fetched_from_an_allowed_url_kept_outside_the_bucket_and_served()
    {
        await using var factory = AllowingLoopback();
        CreateBucket(factory);
        var client = factory.CreateClient();

        using var fetched = await client.GetAsync($"/files/{BucketId}/media/cat.png?url={Uri.EscapeDataString(_server.BaseUrl + "/cat.png")}");
        using var again = await client.GetAsync($"/files/{BucketId}/thumbnail/cat.png?url={Uri.EscapeDataString(_server.BaseUrl + "/cat.png")}");

        fetched.StatusCode.Should().Be(HttpStatusCode.OK);
        (await fetched.Content.ReadAsByteArrayAsync()).Should().Equal(Png);
        fetched.Content.Headers.ContentType!.MediaType.Should().Be("image/png");
        var copy = G4F.Backend.Media.FetchedCopyKey.For("cat.png", _server.BaseUrl + "/cat.png", BucketId).Name;
        File.ReadAllBytes(Path.Combine(factory.DataDirectory, ".fetched", "buckets", BucketId, copy)).Should().Equal(Png, "a copy is kept under its URL's hash");
        Directory.GetFiles(Path.Combine(factory.DataDirectory, "buckets", BucketId), "*", SearchOption.AllDirectories).Should().BeEmpty("a fetched copy lives outside the bucket");
        Directory.GetFiles(Path.Combine(factory.DataDirectory, ".staging"), "*", SearchOption.AllDirectories).Should().BeEmpty("no temporary file is left behind");
        (await again.Content.ReadAsByteArrayAsync()).Should().Equal(Png);
        _server.Requests.Should().Equal(["/cat.png"], "the stored file answers the second request");
    }

    [Theory]
    [InlineData("http://10.0.0.1/cat.png", "Unsafe")]
    [InlineData("http://169.254.169.254/latest/meta-data/", "Unsafe")]
    [InlineData("http://[::1]:{port}/cat.png", "Unsafe")]
    [InlineData("http://127.0.0.2:{port}/cat.png", "Unsafe")]
    [InlineData("{base}/to-metadata", "Unsafe")]
    [InlineData("{base}/page.html", "NotMedia")]
    [InlineData("ftp://example.com/cat.png", null)]
    [InlineData("javascript:alert(1)", null)]
    [InlineData("//evil.example/cat.png", null)]
    public async Task A_url_that_is_refused_or_not_media_answers_404_and_never_redirects(string url, string? reason)
    {
        await using var factory = AllowingLoopback();
        CreateBucket(factory);
        var client = factory.CreateClient();
        var target = url.Replace("{base}", _server.BaseUrl, StringComparison.Ordinal)
            .Replace("{port}", _server.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);

        using var response = await client.GetAsync($"/files/{BucketId}/media/cat.png?url={Uri.EscapeDataString(target)}");

        response.StatusCode.Should().Be(HttpStatusCode.NotFound);
        response.Headers.Location.Should().BeNull();
        (await response.Content.ReadAsStringAsync()).Should().Be("""{"error":{"message":"File not found"}}""");
        File.Exists(Path.Combine(factory.DataDirectory, "buckets", BucketId, "media", "cat.png")).Should().BeFalse();

        // The reason, not just the 404: a private address must be refused by the rules, not by a failing connection.
        FetchLogs(factory).Should().Equal(reason is null ? [] : [$"Fetching bucket {BucketId} media from {new Uri(target).Host} failed: {reason}"]);
    }

    [Fact]
    public async Task Loopback_is_refused_when_no_network_is_allowed()
    {
        await using var factory = new BackendFactory(new Dictionary<string, string?>());
        CreateBucket(factory);
        var client = factory.CreateClient();

        using var response = await client.GetAsync($"/files/{BucketId}/media/cat.png?url={Uri.EscapeDataString(_server.BaseUrl + "/cat.png")}");

        response.StatusCode.Should().Be(HttpStatusCode.NotFound);
        _server.Requests.Should().BeEmpty();
        FetchLogs(factory).Should().Equal($"Fetching bucket {BucketId} media from 127.0.0.1 failed: Unsafe");
    }

    [Fact]
    public async Task A_name_that_is_not_media_is_never_fetched()
    {
        await using var factory = AllowingLoopback();
        CreateBucket(factory);
        var client = factory.CreateClient();

        using var response = await client.GetAsync($"/files/{BucketId}/media/page.html?url={Uri.EscapeDataString(_server.BaseUrl + "/cat.png")}");

        response.StatusCode.Should().Be(HttpStatusCode.NotFound);
        _server.Requests.Should().BeEmpty();
    }

    [Fact]
    public async Task A_full_bucket_still_gets_its_fallback_served_and_its_size_is_unchanged()
    {
        await using var factory = new BackendFactory(new Dictionary<string, string?>
        {
            ["G4F:Downloads:AllowedNetworks:0"] = "127.0.0.1/32",
            ["G4F:Buckets:MaxBucketBytes"] = "20",
        });
        var folder = Directory.CreateDirectory(Path.Combine(factory.DataDirectory, "buckets", BucketId, "media")).FullName;
        File.WriteAllBytes(Path.Combine(folder, "old.png"), new byte[20]);
        var client = factory.CreateClient();

        using var response = await client.GetAsync($"/files/{BucketId}/media/cat.png?url={Uri.EscapeDataString(_server.BaseUrl + "/cat.png")}");

        response.StatusCode.Should().Be(HttpStatusCode.OK, "a fetched copy is not the bucket's: its quota does not apply");
        (await response.Content.ReadAsByteArrayAsync()).Should().Equal(Png);
        Directory.GetFiles(Path.Combine(factory.DataDirectory, "buckets", BucketId), "*", SearchOption.AllDirectories)
            .Select(Path.GetFileName).Should().Equal(["old.png"], "the bucket holds its 20 bytes and nothing more");
    }

    [Fact]
    public async Task A_fetch_leaves_the_bucket_with_room_for_its_owner()
    {
        await using var factory = new BackendFactory(new Dictionary<string, string?>
        {
            ["G4F:Downloads:AllowedNetworks:0"] = "127.0.0.1/32",
            ["G4F:Buckets:MaxBucketBytes"] = "20",
        });
        CreateBucket(factory);
        var client = factory.CreateClient();

        using var fetched = await client.GetAsync($"/files/{BucketId}/media/cat.png?url={Uri.EscapeDataString(_server.BaseUrl + "/cat.png")}");
        using var form = new MultipartFormDataContent { { new ByteArrayContent(new byte[20]), "files", "mine.mp3" } };
        using var upload = await client.PostAsync($"/backend-api/v2/files/{BucketId}", form);

        fetched.StatusCode.Should().Be(HttpStatusCode.OK);
        upload.StatusCode.Should().Be(HttpStatusCode.OK, "the fetched 12 bytes do not count toward the bucket's 20: " + await upload.Content.ReadAsStringAsync());
        using var body = System.Text.Json.JsonDocument.Parse(await upload.Content.ReadAsStringAsync());
        body.RootElement.GetProperty("errors").GetArrayLength().Should().Be(0, body.RootElement.ToString());
        Directory.GetFiles(Path.Combine(factory.DataDirectory, "buckets", BucketId), "mine.mp3", SearchOption.AllDirectories).Should().ContainSingle(body.RootElement.ToString());
    }

    [Fact]
    public async Task The_route_and_its_fallback_move_with_the_prefix()
    {
        var data = Path.Combine(Path.GetTempPath(), "g4f-tests", Guid.NewGuid().ToString("N"));
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseTestServer();
        builder.Logging.ClearProviders();
        Directory.CreateDirectory(Path.Combine(data, "buckets", BucketId));
        builder.Services.AddG4FBackend(o =>
        {
            o.LatestVersionUrl = null;
            o.DataDirectory = data;
            o.Downloads.AllowedNetworks.Add("127.0.0.1/32");
        });
        await using var app = builder.Build();
        app.MapG4FBackend("/chat");
        await app.StartAsync();
        var client = app.GetTestClient();
        try
        {
            using var prefixed = await client.GetAsync($"/chat/files/{BucketId}/media/cat.png?url={Uri.EscapeDataString(_server.BaseUrl + "/cat.png")}");
            using var root = await client.GetAsync($"/files/{BucketId}/media/cat.png");

            prefixed.StatusCode.Should().Be(HttpStatusCode.OK);
            (await prefixed.Content.ReadAsByteArrayAsync()).Should().Equal(Png);
            root.StatusCode.Should().Be(HttpStatusCode.NotFound, "nothing is mounted outside the prefix");
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }

    [Fact]
    public async Task A_bucket_that_does_not_exist_fetches_nothing_and_is_not_created()
    {
        await using var factory = AllowingLoopback();
        var client = factory.CreateClient();

        using var response = await client.GetAsync($"/files/{BucketId}/media/cat.png?url={Uri.EscapeDataString(_server.BaseUrl + "/cat.png")}");

        response.StatusCode.Should().Be(HttpStatusCode.NotFound);
        _server.Requests.Should().BeEmpty();
        Directory.Exists(Path.Combine(factory.DataDirectory, "buckets", BucketId)).Should().BeFalse();
    }

    [Fact]
    public async Task A_url_of_this_servers_own_files_is_never_fetched()
    {
        await using var factory = AllowingLoopback();
        CreateBucket(factory);
        var client = factory.CreateClient();
        var own = $"{_server.BaseUrl}/files/{BucketId}/media/other.png";
        _server.MapFile($"/files/{BucketId}/media/other.png", "image/png", Png);
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/files/{BucketId}/media/cat.png?url={Uri.EscapeDataString(own)}");

        // The request arrives under the same origin as the URL names, as it does when a client echoes its own links.
        request.Headers.Host = new Uri(_server.BaseUrl).Authority;
        using var response = await client.SendAsync(request);

        response.StatusCode.Should().Be(HttpStatusCode.NotFound);
        _server.Requests.Should().BeEmpty();
    }

    [Fact]
    public async Task Fetches_beyond_the_concurrency_limit_answer_404_at_once()
    {
        await using var factory = new BackendFactory(new Dictionary<string, string?>
        {
            ["G4F:Downloads:AllowedNetworks:0"] = "127.0.0.1/32",
            ["G4F:Downloads:MaxConcurrentFetches"] = "1",
        });
        CreateBucket(factory);
        var stalled = _server.MapStall("/slow.png");
        var client = factory.CreateClient();
        using var cancel = new CancellationTokenSource();
        var first = client.GetAsync($"/files/{BucketId}/media/slow.png?url={Uri.EscapeDataString(_server.BaseUrl + "/slow.png")}", cancel.Token);
        await stalled;

        using var second = await client.GetAsync($"/files/{BucketId}/media/cat.png?url={Uri.EscapeDataString(_server.BaseUrl + "/cat.png")}");
        await cancel.CancelAsync();

        second.StatusCode.Should().Be(HttpStatusCode.NotFound);
        _server.Requests.Should().Equal("/slow.png");
        await FluentActions.Awaiting(() => first).Should().ThrowAsync<OperationCanceledException>();
    }

    private static void CreateBucket(BackendFactory factory) => Directory.CreateDirectory(Path.Combine(factory.DataDirectory, "buckets", BucketId));

    private static List<string> FetchLogs(BackendFactory factory) =>
        [.. factory.Logs.GetSnapshot().Where(r => r.Category == typeof(G4F.Backend.Buckets.BucketMediaFetcher).FullName).Select(r => r.Message)];

    private static BackendFactory AllowingLoopback() =>
        new(new Dictionary<string, string?> { ["G4F:Downloads:AllowedNetworks:0"] = "127.0.0.1/32" });
}
