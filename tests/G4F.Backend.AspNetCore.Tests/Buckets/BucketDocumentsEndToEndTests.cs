using System.Text;
using System.Text.Json.Nodes;
using G4F.Backend.AspNetCore.Tests.Infrastructure;
using G4F.Backend.Core.Tests.Documents;
using G4F.Backend.Testing;
using Newtonsoft.Json.Linq;
using Snapshooter;
using Snapshooter.Xunit;

namespace G4F.Backend.AspNetCore.Tests.Buckets;

/// <summary>
/// Real documents through the whole pipeline: multipart upload, the built-in converters, the stored markdown, the
/// bucket text, and <c>downloads.json</c> through the safe downloader against a page server on loopback.
/// </summary>
public sealed class BucketDocumentsEndToEndTests
{
    private const string Bucket = BucketUploads.BucketId;

    [Fact]
    public async Task Pdf_docx_html_csv_and_zip_uploads_are_converted_and_read_back_and_a_broken_file_is_reported()
    {
        await using var factory = new BackendFactory(new Dictionary<string, string?>());
        var client = factory.CreateClient();
        var zip = ZipSamples.Create(
            ("prices.csv", ZipSamples.Text("item,price\ntea,3\n")),
            ("../../outside.txt", ZipSamples.Text("never a file")));

        var upload = await client.UploadJsonAsync(
            Bucket,
            ("report.pdf", "application/pdf", PdfSamples.Report()),
            ("report.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", DocxSamples.Report()),
            ("page.html", "text/html", Encoding.UTF8.GetBytes("<html><head><title>T</title><script>x()</script></head><body><h1>Menu</h1><ul><li>soup</li></ul></body></html>")),
            ("data.zip", "application/zip", zip),
            ("broken.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", ZipSamples.Create(("garbage.bin", [1, 2, 3]))));

        Snapshot.Match(JToken.Parse(upload), SnapshotNameExtension.Create("upload"));
        var text = await client.ReadTextAsync(Bucket);
        Snapshot.Match(text.Split('\n'), SnapshotNameExtension.Create("text"));
        Directory.EnumerateFiles(factory.DataDirectory, "*", SearchOption.AllDirectories)
            .Should().NotContain(f => f.EndsWith("outside.txt", StringComparison.Ordinal) || f.Contains("broken", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Hostile_files_each_get_their_own_error_while_the_good_file_is_stored_and_the_server_stays_up()
    {
        await using var factory = new BackendFactory(new Dictionary<string, string?> { ["G4F:Buckets:MaxArchiveBytes"] = "1048576" });
        var client = factory.CreateClient();
        var corruptPdf = Encoding.ASCII.GetBytes("%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 9 0 R >>\nendobj\ntrailer << /Root 1 0 R >>\n%%EOF");

        var upload = JsonNode.Parse(await client.UploadJsonAsync(
            Bucket,
            ("corrupt.pdf", "application/pdf", corruptPdf),
            ("garbage.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", ZipSamples.Create(("word/document.xml", [0xFF, 0xFE, 0x00, 0x01]))),
            ("photo.png", "image/png", Encoding.ASCII.GetBytes("this is not a picture")),
            ("bomb.zip", "application/zip", ZipSamples.Bomb(64L * 1024 * 1024)),
            ("notes.txt", "text/plain", Encoding.UTF8.GetBytes("still here"))))!;

        upload["files"]!.ToJsonString().Should().Be("""["notes.txt.md"]""", "the upload answered {0}", upload.ToJsonString());
        upload["media"]!.AsArray().Should().BeEmpty();
        upload["errors"]!.AsArray().Select(e => e!["name"]!.GetValue<string>()).Should().BeEquivalentTo("corrupt.pdf", "garbage.docx", "photo.png", "bomb.zip");
        upload["errors"]!.AsArray().Should().OnlyContain(e => e!["message"]!.GetValue<string>().Length > 0 && !e["message"]!.GetValue<string>().Contains('/'));
        Directory.EnumerateFiles(Path.Combine(factory.DataDirectory, "buckets", Bucket), "*", SearchOption.AllDirectories)
            .Select(Path.GetFileName).Should().BeEquivalentTo("notes.txt.md", "files.txt", "documents.txt");
        (await client.ReadTextAsync(Bucket)).Should().Be("<!-- File: notes.txt.md -->\nstill here\n<-- End -->\n\n");
        (await client.GetAsync("/backend-api/v2/version")).StatusCode.Should().Be(System.Net.HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_bucket_at_its_document_limit_downloads_nothing_and_keeps_its_list()
    {
        await using var pages = await FakeFileServer.StartAsync();
        pages.MapText("/menu", "text/html; charset=utf-8", "<html><body><h1>Lunch</h1><p>Soup of the day.</p></body></html>");
        await using var factory = new BackendFactory(new Dictionary<string, string?>
        {
            ["G4F:Downloads:AllowedNetworks:0"] = "127.0.0.1/32",
            ["G4F:Buckets:MaxDocuments"] = "1",
        });
        var client = factory.CreateClient();
        var list = new JsonArray(new JsonObject { ["url"] = pages.BaseUrl + "/menu" });
        var uploaded = JsonNode.Parse(await client.UploadJsonAsync(Bucket, ("notes.txt", "text/plain", "first"u8.ToArray()), ("downloads.json", "application/json", Encoding.UTF8.GetBytes(list.ToJsonString()))))!;
        uploaded["errors"]!.AsArray().Should().BeEmpty("a download list is no document");

        // Without delete_files, so the read leaves the list where it is.
        (await client.ReadTextAsync(Bucket, "?delete_files=")).Should().NotContain("Lunch");
        pages.Requests.Should().BeEmpty("the bucket lists its one document already");
        File.Exists(Path.Combine(factory.DataDirectory, "buckets", Bucket, "downloads.json")).Should().BeTrue("the list waits for room");
    }

    [Fact]
    public async Task Downloads_json_pages_and_media_are_fetched_safely_and_streamed_as_download_events()
    {
        await using var pages = await FakeFileServer.StartAsync();
        pages.MapText("/menu", "text/html; charset=utf-8", "<html><body><h1>Lunch</h1><p>Soup of the day.</p></body></html>");
        pages.MapFile("/cat.png", "image/png", BucketUploads.Png(20, 10, SkiaSharp.SKColors.Blue));
        await using var factory = new BackendFactory(new Dictionary<string, string?> { ["G4F:Downloads:AllowedNetworks:0"] = "127.0.0.1/32" });
        var client = factory.CreateClient();
        var list = new JsonArray(
            new JsonObject { ["url"] = pages.BaseUrl + "/menu", ["proxy"] = "http://10.0.0.1:8080" },
            new JsonObject { ["urls"] = new JsonArray(pages.BaseUrl + "/cat.png", "http://169.254.169.254/latest/meta-data/") });
        await client.UploadJsonAsync(Bucket, ("downloads.json", "application/json", Encoding.UTF8.GetBytes(list.ToJsonString())));

        using var request = new HttpRequestMessage(HttpMethod.Get, $"/backend-api/v2/files/{Bucket}/stream");
        using var response = await client.SendAsync(request);
        var frames = (await response.Content.ReadAsStringAsync()).Split("\n\n", StringSplitOptions.RemoveEmptyEntries);

        frames.Should().StartWith(["data: {\"action\":\"download\",\"count\":1}", "data: {\"action\":\"download\",\"count\":2}"]);
        frames.Should().Contain("data: {\"action\":\"media\",\"filename\":\"cat.png\"}");
        frames[^1].Should().StartWith("data: {\"action\":\"done\",\"size\":").And.NotBe("data: {\"action\":\"done\",\"size\":0}");
        pages.Requests.Should().HaveCount(2, "the metadata address is refused before any connection");
        File.Exists(Path.Combine(factory.DataDirectory, "buckets", Bucket, "media", "cat.png")).Should().BeTrue();

        var text = await client.ReadTextAsync(Bucket);
        text.Should().Contain("# Lunch").And.Contain("Soup of the day.").And.Contain($"Source: {pages.BaseUrl}/menu");
    }
}
