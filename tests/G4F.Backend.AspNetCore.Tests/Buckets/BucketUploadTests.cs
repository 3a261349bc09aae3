using System.Net;
using G4F.Backend.AspNetCore.Tests.Infrastructure;
using Newtonsoft.Json.Linq;
using SkiaSharp;
using Snapshooter.Xunit;
using static G4F.Backend.AspNetCore.Tests.Buckets.BucketUploads;

namespace G4F.Backend.AspNetCore.Tests.Buckets;

/// <summary><c>POST /files/{bucket_id}</c> (PROTOCOL 6.2) through the real pipeline, with real files in a temp data directory.</summary>
public sealed class BucketUploadTests
{
    [Fact]
    public async Task An_upload_answers_documents_media_and_errors_as_in_the_snapshot()
    {
        await using var factory = new BackendFactory(new Dictionary<string, string?>(), AddTestConverters);
        var client = factory.CreateClient();

        var body = await client.UploadJsonAsync(
            BucketId,
            Text("notes.txt", "buy milk\n"),
            Text("readme.md", "# Title\n"),
            ("data.json", "application/json", "{\"a\":1}"u8.ToArray()),
            ("cat.png", "image/png", Png(1024, 768, SKColors.Red)),
            ("blob", "audio/webm", [1, 2, 3]),
            ("broken.png", "image/png", "not an image"u8.ToArray()),
            Text("secret.fail", "x"),
            Text("crash.boom", "x"),
            Text("package-lock.json", "{}"),
            ("program.exe", "application/octet-stream", [0x4d, 0x5a]));

        Snapshot.Match(JToken.Parse(body));
        var folder = Path.Combine(factory.DataDirectory, "buckets", BucketId);
        Directory.GetFiles(folder).Select(Path.GetFileName).Order().Should().Equal("data.json", "documents.txt", "files.txt", "notes.txt.md", "readme.md");
        Directory.GetFiles(Path.Combine(folder, "media")).Select(Path.GetFileName).Order().Should().Equal("cat.png", "file.webm");
        Directory.GetFiles(Path.Combine(folder, "thumbnail")).Select(Path.GetFileName).Should().Equal("cat.png");
        File.ReadAllText(Path.Combine(folder, "files.txt")).Should().Be("notes.txt.md\nreadme.md\ndata.json\n");
        File.ReadAllText(Path.Combine(folder, "notes.txt.md")).Should().Be("buy milk\n\n", "converted text is the markdown plus a newline");
        body.Should().NotContain("/secret/server/path");
        Directory.GetFileSystemEntries(Path.Combine(factory.DataDirectory, ".staging")).Should().BeEmpty("staging is removed after every request");
    }

    [Fact]
    public async Task Files_txt_lists_only_the_last_upload_but_the_text_covers_both()
    {
        await using var factory = new BackendFactory(new Dictionary<string, string?>());
        var client = factory.CreateClient();

        await client.UploadJsonAsync(BucketId, Text("first.txt", "one"));
        await client.UploadJsonAsync(BucketId, Text("second.txt", "two"));

        File.ReadAllText(Path.Combine(factory.DataDirectory, "buckets", BucketId, "files.txt")).Should().Be("second.txt.md\n");
        (await client.ReadTextAsync(BucketId)).Should().Be(
            "<!-- File: first.txt.md -->\none\n<-- End -->\n\n<!-- File: second.txt.md -->\ntwo\n<-- End -->\n\n");
        (await client.ReadTextAsync(BucketId, string.Empty)).Should().Contain("one").And.Contain("two", "reading with delete_files keeps the text (PROTOCOL 14.14)");
        (await client.ReadTextAsync(BucketId)).Should().Contain("one").And.Contain("two");
    }

    [Fact]
    public async Task A_same_named_upload_overwrites_and_keeps_its_place()
    {
        await using var factory = new BackendFactory(new Dictionary<string, string?>());
        var client = factory.CreateClient();

        await client.UploadJsonAsync(BucketId, Text("a.txt", "old a"), Text("b.txt", "b"));
        await client.UploadJsonAsync(BucketId, Text("a.txt", "new a"));

        (await client.ReadTextAsync(BucketId)).Should().Be(
            "<!-- File: a.txt.md -->\nnew a\n<-- End -->\n\n<!-- File: b.txt.md -->\nb\n<-- End -->\n\n");
    }

    [Fact]
    public async Task A_conversion_that_runs_out_of_time_is_a_per_file_error()
    {
        var settings = new Dictionary<string, string?> { ["G4F:Buckets:ConversionTimeout"] = "00:00:00.200" };
        await using var factory = new BackendFactory(settings, AddTestConverters);
        var client = factory.CreateClient();

        var body = JObject.Parse(await client.UploadJsonAsync(BucketId, Text("never.slow", "x"), Text("fine.upper", "ok")));

        body["files"]!.ToObject<string[]>().Should().Equal("fine.upper.md");
        body["errors"]!.ToString(Newtonsoft.Json.Formatting.None).Should().Be("""[{"name":"never.slow","message":"The file took too long to convert"}]""");
        (await client.ReadTextAsync(BucketId)).Should().Be("<!-- File: fine.upper.md -->\nOK\n<-- End -->\n\n");
    }

    [Fact]
    public async Task Concurrent_uploads_into_one_bucket_lose_no_file()
    {
        await using var factory = new BackendFactory(new Dictionary<string, string?>());
        // Without redirects the test client streams bodies instead of buffering them first.
        var client = factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var staging = Path.Combine(factory.DataDirectory, ".staging");

        // Every body is held until all eight uploads are staging, so their commits meet at the bucket at once. One wait
        // for all: the first upload to go on finishes and removes its staging folder, so a later look would count 7.
        var allStaging = new Lazy<Task>(() => HeldUpload.UntilAsync(() => Directory.Exists(staging) && Directory.GetDirectories(staging).Length >= 8, TimeSpan.FromSeconds(30)));
        var uploads = Enumerable.Range(0, 8).Select(i =>
            client.PostAsync($"/backend-api/v2/files/{BucketId}", new HeldUpload($"part{i}.txt", System.Text.Encoding.UTF8.GetBytes($"text {i}"), 0, () => allStaging.Value)));
        var responses = await Task.WhenAll(uploads);

        responses.Should().OnlyContain(r => r.StatusCode == HttpStatusCode.OK);
        var text = await client.ReadTextAsync(BucketId);
        for (var i = 0; i < 8; i++)
        {
            text.Should().Contain($"<!-- File: part{i}.txt.md -->\ntext {i}\n<-- End -->");
        }

        File.ReadAllLines(Path.Combine(factory.DataDirectory, "buckets", BucketId, "documents.txt")).Should().HaveCount(8);
        foreach (var response in responses)
        {
            response.Dispose();
        }
    }

    [Fact]
    public async Task An_upload_is_written_to_disk_while_its_body_is_still_arriving()
    {
        await using var factory = new BackendFactory(new Dictionary<string, string?>());
        var client = factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var content = new byte[4 * 1024 * 1024];
        Array.Fill(content, (byte)'x');
        var firstHalf = 2 * 1024 * 1024;

        // The rest of the body is only sent once the first half is in a staging file of the data directory: a server
        // that buffered the request (or its form) before writing would never get there.
        var stagedWhileArriving = false;
        long StagedBytes() => Directory.Exists(Path.Combine(factory.DataDirectory, ".staging"))
            ? Directory.EnumerateFiles(Path.Combine(factory.DataDirectory, ".staging"), "*.upload", SearchOption.AllDirectories).Sum(f => new FileInfo(f).Length)
            : 0;
        async Task FirstHalfOnDisk() => stagedWhileArriving = await HeldUpload.UntilAsync(() => StagedBytes() >= firstHalf, TimeSpan.FromMinutes(2));

        using var response = await client.PostAsync($"/backend-api/v2/files/{BucketId}", new HeldUpload("big.md", content, firstHalf, FirstHalfOnDisk));

        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        stagedWhileArriving.Should().BeTrue("the first half was on disk before the second half was sent");
        new FileInfo(Path.Combine(factory.DataDirectory, "buckets", BucketId, "big.md")).Length.Should().Be(content.Length);
    }

    [Fact]
    public async Task Markdown_in_windows_1252_is_stored_as_utf_8_and_utf_8_markdown_byte_for_byte()
    {
        await using var factory = new BackendFactory(new Dictionary<string, string?>());
        var client = factory.CreateClient();
        var windows1252 = System.Text.CodePagesEncodingProvider.Instance.GetEncoding(1252)!;
        var utf8 = System.Text.Encoding.UTF8.GetBytes("# Über\r\n\r\nnaïve ✓\r\n");

        await client.UploadJsonAsync(BucketId, ("old.md", "text/markdown", windows1252.GetBytes("# Café\n\n20 € – déjà vu\n")), ("new.md", "text/markdown", utf8));

        var folder = Path.Combine(factory.DataDirectory, "buckets", BucketId);
        File.ReadAllBytes(Path.Combine(folder, "new.md")).Should().Equal(utf8);
        File.ReadAllText(Path.Combine(folder, "old.md")).Should().Be("# Café\n\n20 € – déjà vu\n");
        (await client.ReadTextAsync(BucketId)).Should().Be(
            "<!-- File: old.md -->\n# Café\n\n20 € – déjà vu\n<-- End -->\n\n<!-- File: new.md -->\n# Über\r\n\r\nnaïve ✓\n<-- End -->\n\n");
    }

    [Fact]
    public async Task An_upload_without_files_answers_empty_lists()
    {
        await using var factory = new BackendFactory(new Dictionary<string, string?>());
        var client = factory.CreateClient();

        (await client.UploadJsonAsync(BucketId)).Should().Be($$"""{"bucket_id":"{{BucketId}}","files":[],"media":[],"errors":[]}""");
    }

    [Fact]
    public async Task A_body_that_is_not_multipart_is_415_in_the_envelope()
    {
        await using var factory = new BackendFactory(new Dictionary<string, string?>());
        var client = factory.CreateClient();

        using var response = await client.PostAsync($"/backend-api/v2/files/{BucketId}", new StringContent("{}", System.Text.Encoding.UTF8, "application/json"));

        response.StatusCode.Should().Be(HttpStatusCode.UnsupportedMediaType);
        (await response.Content.ReadAsStringAsync()).Should().Be("""{"error":{"message":"Content-Type must be multipart/form-data with a boundary"}}""");
        Directory.Exists(Path.Combine(factory.DataDirectory, "buckets", BucketId)).Should().BeFalse();
    }
}
