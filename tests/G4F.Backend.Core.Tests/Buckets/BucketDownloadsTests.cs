using G4F.Backend.Buckets;
using G4F.Backend.Core.Tests.Downloads;
using G4F.Backend.Documents;
using G4F.Backend.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace G4F.Backend.Core.Tests.Buckets;

/// <summary><c>downloads.json</c> (PROTOCOL 6.6): every URL through the safe downloader, pages to markdown, media to <c>media/</c>.</summary>
public sealed class BucketDownloadsTests : IAsyncLifetime
{
    private const string BucketId = "7a8b9c0d-1e2f-4a5b-8c6d-7e8f9a0b1c2d";
    private static readonly byte[] Png = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A, 5, 6, 7];

    private FakeFileServer _server = null!;

    public async Task InitializeAsync()
    {
        _server = await FakeFileServer.StartAsync();
        _server.MapText("/docs/page.html", "text/html; charset=utf-8", """<html><body><h1>Title</h1><a href="/a.html#top">a</a> <a rel="nofollow" href="/no.html">n</a> <a href="mailto:x@y">m</a> <a href="http://10.0.0.1/">p</a></body></html>""");
        _server.MapText("/a.html", "text/html", """<p>A</p><a href="/b.html">b</a>""");
        _server.MapText("/b.html", "text/html", "<p>B</p>");
        _server.MapText("/no.html", "text/html", "<p>no</p>");
        _server.MapFile("/img/cat.png", "image/png", Png);
        _server.MapFile("/download", "application/octet-stream", Png);
        _server.MapText("/notes.txt", "text/plain", "buy milk");
        _server.MapText("/tool.exe", "application/x-msdownload", "MZ");
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Pages_documents_and_media_are_stored_in_order_with_progress()
    {
        using var harness = Harness();
        WriteList(harness, $$"""
            [{"url": "{{_server.BaseUrl}}/docs/page.html"},
             {"urls": ["{{_server.BaseUrl}}/img/cat.png", "{{_server.BaseUrl}}/notes.txt", "{{_server.BaseUrl}}/tool.exe", "{{_server.BaseUrl}}/download"], "proxy": "http://127.0.0.1:1", "timeout": 0.001}]
            """);
        var counts = new List<int>();

        var stored = await Run(harness, counts, deleteList: false);

        stored.Select(s => s.IsMedia).Should().Equal(false, true, false, true);
        stored[0].Name.Should().MatchRegex(@"^127\.0\.0\.1\+docs_page\.html\+[a-z2-7]{24}\.md$");
        stored.Skip(1).Select(s => s.Name).Should().Equal("cat.png", "notes.txt.md", "download.png");
        counts.Should().Equal(1, 2, 3, 4);
        File.ReadAllText(BucketPath(harness, stored[0].Name)).Should().Be($"Titlea n m p\n\nSource: {_server.BaseUrl}/docs/page.html\n");
        File.ReadAllText(BucketPath(harness, "notes.txt.md")).Should().Be($"buy milk\n\nSource: {_server.BaseUrl}/notes.txt\n");
        File.ReadAllBytes(BucketPath(harness, "media", "cat.png")).Should().Equal(Png);
        File.ReadAllBytes(BucketPath(harness, "media", "download.png")).Should().Equal(Png);
        File.Exists(BucketPath(harness, "downloads.json")).Should().BeTrue("the list is kept unless deleteList");
        Directory.GetFiles(BucketPath(harness), ".*", SearchOption.AllDirectories).Select(Path.GetFileName).Should().Equal([".downloads.done"], "no temporary file is in the bucket");
        Directory.GetFiles(Path.Combine(harness.DataDirectory, ".staging", "downloads")).Should().BeEmpty("no temporary file is left");
        _server.Requests.Should().NotContain(r => r.StartsWith("/a.html", StringComparison.Ordinal), "max_depth defaults to 0");
    }

    [Fact]
    public async Task A_private_address_is_skipped_and_the_rest_is_stored()
    {
        using var harness = Harness();
        WriteList(harness, $$"""[{"url": "http://10.0.0.1/secret"}, {"url": "http://169.254.169.254/latest/meta-data/"}, {"url": "file:///etc/passwd"}, {"url": "{{_server.BaseUrl}}/notes.txt"}]""");
        var counts = new List<int>();

        var stored = await Run(harness, counts, deleteList: true);

        stored.Select(s => s.Name).Should().Equal("notes.txt.md");
        counts.Should().Equal(1);
        harness.LogMessages.Where(m => m.Contains("was skipped", StringComparison.Ordinal)).Should().Equal(
            [
                $"A download for bucket {BucketId} from 10.0.0.1 was skipped: Unsafe",
                $"A download for bucket {BucketId} from 169.254.169.254 was skipped: Unsafe",
                $"A download for bucket {BucketId} from (invalid URL) was skipped: Unsafe",
            ],
            "the address rules refuse them, not a failing connection");
        File.Exists(BucketPath(harness, "downloads.json")).Should().BeFalse();
    }

    [Fact]
    public async Task Loopback_is_refused_without_an_allowed_network()
    {
        using var harness = Harness(allowLoopback: false);
        WriteList(harness, $$"""[{"url": "{{_server.BaseUrl}}/notes.txt"}]""");

        (await Run(harness, [], deleteList: true)).Should().BeEmpty();

        _server.Requests.Should().BeEmpty();
    }

    [Fact]
    public async Task Links_are_followed_up_to_the_capped_depth_only()
    {
        using var harness = Harness(o => o.Buckets.MaxDownloadDepth = 1);
        WriteList(harness, $$"""[{"urls": ["{{_server.BaseUrl}}/docs/page.html"], "max_depth": 50}]""");

        var stored = await Run(harness, [], deleteList: true);

        _server.Requests.Should().Equal("/docs/page.html", "/a.html");
        stored.Should().HaveCount(2);
        File.ReadAllText(BucketPath(harness, stored[1].Name)).Should().StartWith("Ab");
    }

    [Fact]
    public async Task At_most_the_configured_number_of_urls_is_fetched_links_included()
    {
        using var harness = Harness(o => { o.Buckets.MaxDownloads = 3; o.Buckets.MaxDownloadDepth = 5; });
        WriteList(harness, $$"""[{"urls": ["{{_server.BaseUrl}}/docs/page.html", "{{_server.BaseUrl}}/notes.txt"], "max_depth": 5}, {"url": "{{_server.BaseUrl}}/img/cat.png"}]""");

        var stored = await Run(harness, [], deleteList: true);

        _server.Requests.Should().Equal("/docs/page.html", "/notes.txt", "/img/cat.png");
        stored.Should().HaveCount(3);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("""{"url": "http://x"}""")]
    [InlineData("[1, \"http://x\", null]")]
    [InlineData("[{\"url\": 5, \"urls\": \"x\"}]")]
    public async Task A_list_that_is_not_a_list_of_entries_fetches_nothing(string json)
    {
        using var harness = Harness();
        WriteList(harness, json);

        (await Run(harness, [], deleteList: true)).Should().BeEmpty();

        _server.Requests.Should().BeEmpty();
        File.Exists(BucketPath(harness, "downloads.json")).Should().BeFalse();
    }

    [Fact]
    public async Task A_bucket_without_a_list_fetches_nothing_and_creates_nothing()
    {
        using var harness = Harness();

        (await Run(harness, [], deleteList: true)).Should().BeEmpty();

        Directory.Exists(BucketPath(harness)).Should().BeFalse();
    }

    [Fact]
    public async Task A_full_bucket_stores_nothing_more()
    {
        using var harness = Harness(o => o.Buckets.MaxBucketBytes = 300);
        WriteList(harness, $$"""[{"url": "{{_server.BaseUrl}}/img/cat.png"}]""");
        File.WriteAllBytes(BucketPath(harness, "big.bin"), new byte[295]);

        (await Run(harness, [], deleteList: false)).Should().BeEmpty();

        Directory.Exists(BucketPath(harness, "media")).Should().BeFalse();
    }

    [Fact]
    public async Task Pages_and_text_are_decoded_with_the_charset_their_server_declares()
    {
        // Encodings the Windows-1252 fallback would get wrong: only the declared charset decodes them right.
        var codePages = System.Text.CodePagesEncodingProvider.Instance;
        _server.MapFile("/ru.html", "text/html; charset=koi8-r", codePages.GetEncoding("koi8-r")!.GetBytes("<html><body><h1>Привет</h1><p>мир</p></body></html>"));
        _server.MapFile("/prix.txt", "text/plain; charset=ISO-8859-15", codePages.GetEncoding("iso-8859-15")!.GetBytes("Prix: 20 € (Œuvre)"));

        // The real HTML converter this time, not the tag stripper.
        using var harness = new DownloadHarness(DownloadHarness.AllowLoopback);
        WriteList(harness, $$"""[{"urls": ["{{_server.BaseUrl}}/ru.html", "{{_server.BaseUrl}}/prix.txt"]}]""");

        var stored = await Run(harness, [], deleteList: true);

        stored.Should().HaveCount(2);
        File.ReadAllText(BucketPath(harness, stored[0].Name)).Should().Be($"# Привет\n\nмир\n\nSource: {_server.BaseUrl}/ru.html\n");
        File.ReadAllText(BucketPath(harness, stored[1].Name)).Should().Be($"Prix: 20 € (Œuvre)\n\nSource: {_server.BaseUrl}/prix.txt\n");
    }

    private static DownloadHarness Harness(Action<G4FBackendOptions>? configure = null, bool allowLoopback = true) =>
        new(
            o =>
            {
                if (allowLoopback)
                {
                    DownloadHarness.AllowLoopback(o);
                }

                configure?.Invoke(o);
            },
            services: s => s.AddSingleton<IDocumentConverter, TagStrippingConverter>());

    private static async Task<IReadOnlyList<BucketDownload>> Run(DownloadHarness harness, List<int> counts, bool deleteList) =>
        await harness.Get<BucketDownloads>().RunAsync(BucketId, deleteList, (count, _) =>
        {
            counts.Add(count);
            return ValueTask.CompletedTask;
        }, CancellationToken.None);

    private static void WriteList(DownloadHarness harness, string json)
    {
        Directory.CreateDirectory(BucketPath(harness));
        File.WriteAllText(BucketPath(harness, "downloads.json"), json);
    }

    private static string BucketPath(DownloadHarness harness, params string[] parts) =>
        Path.Combine([harness.DataDirectory, "buckets", BucketId, .. parts]);
}
