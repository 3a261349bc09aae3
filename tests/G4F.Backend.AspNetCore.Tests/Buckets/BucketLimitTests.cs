using System.Net;
using System.Text;
using G4F.Backend.AspNetCore.Tests.Infrastructure;
using Newtonsoft.Json.Linq;
using static G4F.Backend.AspNetCore.Tests.Buckets.BucketUploads;

namespace G4F.Backend.AspNetCore.Tests.Buckets;

/// <summary>The upload limits (PROTOCOL 14.8): 413 in the envelope, and nothing of the refused request left behind.</summary>
public sealed class BucketLimitTests
{
    public static TheoryData<string, string, int, string> Limits => new()
    {
        { "MaxFileBytes", "1000", 1, "A file may be at most 1000 bytes" },
        { "MaxRequestBytes", "2500", 3, "An upload may be at most 2500 bytes" },
        { "MaxBucketBytes", "2500", 3, "A bucket may hold at most 2500 bytes" },
        { "MaxFilesPerRequest", "2", 3, "An upload may hold at most 2 files" },
    };

    [Theory]
    [MemberData(nameof(Limits))]
    public async Task Going_over_a_limit_is_413_and_leaves_nothing(string key, string value, int files, string message)
    {
        await using var factory = new BackendFactory(new Dictionary<string, string?> { [$"G4F:Buckets:{key}"] = value }, AddTestConverters);
        var client = factory.CreateClient();
        var before = Snapshot(factory.DataDirectory);

        var parts = Enumerable.Range(0, files).Select(i => ($"part{i}.txt", "text/plain", Enumerable.Repeat((byte)'a', files == 1 ? 1001 : 900).ToArray())).ToArray();
        using var response = await client.UploadAsync(BucketId, parts);

        response.StatusCode.Should().Be(HttpStatusCode.RequestEntityTooLarge);
        (await response.Content.ReadAsStringAsync()).Should().Be($$$"""{"error":{"message":"{{{message}}}"}}""");
        Snapshot(factory.DataDirectory).Except(before).Should().OnlyContain(path => path == ".staging", "only the empty staging root may remain");
        Directory.EnumerateFileSystemEntries(Path.Combine(factory.DataDirectory, ".staging")).Should().BeEmpty();
    }

    [Fact]
    public async Task The_bucket_limit_counts_what_the_bucket_already_holds()
    {
        await using var factory = new BackendFactory(new Dictionary<string, string?> { ["G4F:Buckets:MaxBucketBytes"] = "1500" });
        var client = factory.CreateClient();
        await client.UploadJsonAsync(BucketId, Text("first.txt", new string('a', 800)));

        using var response = await client.UploadAsync(BucketId, Text("second.txt", new string('b', 800)));

        response.StatusCode.Should().Be(HttpStatusCode.RequestEntityTooLarge);
        (await client.ReadTextAsync(BucketId)).Should().Contain("first.txt.md").And.NotContain("second.txt");
    }

    [Fact]
    public async Task A_bucket_lists_at_most_its_document_limit_and_refuses_new_documents_past_it_one_by_one()
    {
        await using var factory = new BackendFactory(new Dictionary<string, string?> { ["G4F:Buckets:MaxDocuments"] = "3" });
        var client = factory.CreateClient();
        await client.UploadJsonAsync(BucketId, Text("a.txt", "alpha"), Text("b.txt", "beta"));

        // A document that replaces one takes no new place; of the two new ones, only the first fits.
        var body = JObject.Parse(await client.UploadJsonAsync(BucketId, Text("a.txt", "alpha again"), Text("c.txt", "gamma"), Text("d.txt", "delta")));

        body["files"]!.ToObject<string[]>().Should().Equal("a.txt.md", "c.txt.md");
        body["errors"]!.ToString(Newtonsoft.Json.Formatting.None).Should().Be("""[{"name":"d.txt","message":"A bucket may hold at most 3 documents"}]""");
        (await client.ReadTextAsync(BucketId)).Should().Contain("alpha again").And.Contain("beta").And.Contain("gamma").And.NotContain("delta");
        Directory.EnumerateFiles(Path.Combine(factory.DataDirectory, "buckets", BucketId), "d.txt*", SearchOption.AllDirectories).Should().BeEmpty();
    }

    [Fact]
    public async Task A_bucket_holds_at_most_its_media_limit_and_no_empty_media_file()
    {
        await using var factory = new BackendFactory(new Dictionary<string, string?> { ["G4F:Buckets:MaxMediaFiles"] = "2" });
        var client = factory.CreateClient();
        byte[] sound = [1, 2, 3];
        await client.UploadJsonAsync(BucketId, ("a.mp3", "audio/mpeg", sound));

        // A replaced file takes no new place; of the two new ones, only the first fits; an empty one is no media.
        var body = JObject.Parse(await client.UploadJsonAsync(
            BucketId, ("a.mp3", "audio/mpeg", sound), ("b.mp3", "audio/mpeg", sound), ("c.mp3", "audio/mpeg", sound), ("empty.mp3", "audio/mpeg", [])));

        body["media"]!.Select(m => m["name"]!.ToString()).Should().Equal("a.mp3", "b.mp3");
        body["errors"]!.ToString(Newtonsoft.Json.Formatting.None).Should().Be(
            """[{"name":"empty.mp3","message":"The file is empty"},{"name":"c.mp3","message":"A bucket may hold at most 2 media files"}]""");
        Directory.GetFiles(Path.Combine(factory.DataDirectory, "buckets", BucketId, "media")).Select(Path.GetFileName).Should().BeEquivalentTo("a.mp3", "b.mp3");
    }

    [Fact]
    public async Task Kestrel_accepts_an_upload_over_its_30_MB_default_within_the_configured_limits()
    {
        await using var factory = new BackendFactory(new Dictionary<string, string?>());
        factory.UseKestrel(0);
        var client = factory.CreateClient();
        var big = new byte[33 * 1024 * 1024];
        big.AsSpan().Fill((byte)'x');

        var body = await client.UploadJsonAsync(BucketId, ("big.md", "text/markdown", big));

        body.Should().Contain("\"files\":[\"big.md\"]");
        new FileInfo(Path.Combine(factory.DataDirectory, "buckets", BucketId, "big.md")).Length.Should().Be(big.Length);
    }

    [Fact]
    public async Task Kestrel_refuses_a_body_over_the_configured_request_limit_with_413()
    {
        await using var factory = new BackendFactory(new Dictionary<string, string?> { ["G4F:Buckets:MaxRequestBytes"] = "1000" });
        factory.UseKestrel(0);
        var client = factory.CreateClient();

        using var response = await client.UploadAsync(BucketId, ("big.md", "text/markdown", new byte[3 * 1024 * 1024]));

        response.StatusCode.Should().Be(HttpStatusCode.RequestEntityTooLarge);
        Directory.Exists(Path.Combine(factory.DataDirectory, "buckets", BucketId)).Should().BeFalse();
    }

    [Fact]
    public async Task Concurrent_uploads_cannot_pass_the_bucket_limit_together()
    {
        await using var factory = new BackendFactory(new Dictionary<string, string?> { ["G4F:Buckets:MaxBucketBytes"] = "1500" });
        // Without redirects the test client streams bodies instead of buffering them first.
        var client = factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var staging = Path.Combine(factory.DataDirectory, ".staging");

        // Every body waits until all six uploads have started staging, so each measured the bucket while it was empty.
        // The wait is bounded: the limit must hold whatever the timing, and a request that failed early must end the
        // test with its status instead of holding the others forever.
        // One wait shared by all bodies: once the first upload goes on and ends, its staging folder is gone and a later
        // look would count five, holding the rest until the bound.
        var allStaging = new Lazy<Task>(() => HeldUpload.UntilAsync(() => Directory.Exists(staging) && Directory.GetDirectories(staging).Length >= 6, TimeSpan.FromSeconds(20)));

        var responses = await Task.WhenAll(Enumerable.Range(0, 6).Select(i =>
            client.PostAsync($"/backend-api/v2/files/{BucketId}", new GatedUpload($"part{i}.txt", new string('a', 1000), () => allStaging.Value))));

        responses.Select(r => (int)r.StatusCode).Should().OnlyContain(status => status == 200 || status == 413);
        responses.Count(r => r.StatusCode == HttpStatusCode.OK).Should().Be(1, "only one 1000-byte document fits into 1500 bytes");
        responses.Count(r => r.StatusCode == HttpStatusCode.RequestEntityTooLarge).Should().Be(5);
        var folder = Path.Combine(factory.DataDirectory, "buckets", BucketId);
        new DirectoryInfo(folder).EnumerateFiles("*", SearchOption.AllDirectories).Sum(f => f.Length).Should().BeLessThanOrEqualTo(1500);
        File.ReadAllLines(Path.Combine(folder, "documents.txt")).Should().ContainSingle();
        Directory.EnumerateFileSystemEntries(staging).Should().BeEmpty();
        foreach (var response in responses)
        {
            response.Dispose();
        }
    }

    [Theory]
    [InlineData("2000", "100000")] // the configured cap
    [InlineData("100000", "2500")] // the room left in the bucket
    public async Task Converted_text_over_its_cap_is_a_per_file_error_and_leaves_nothing(string maxConverted, string maxBucket)
    {
        var settings = new Dictionary<string, string?> { ["G4F:Buckets:MaxConvertedBytes"] = maxConverted, ["G4F:Buckets:MaxBucketBytes"] = maxBucket };
        await using var factory = new BackendFactory(settings, AddTestConverters);
        var client = factory.CreateClient();

        // 1300 bytes staged fit every limit; the converter writes them twice.
        var body = await client.UploadJsonAsync(BucketId, Text("twice.double", new string('a', 1300)), Text("fine.upper", "ok"));

        JObject.Parse(body)["errors"]!.ToString(Newtonsoft.Json.Formatting.None).Should().Be("""[{"name":"twice.double","message":"The converted text is too large"}]""");
        Directory.GetFiles(Path.Combine(factory.DataDirectory, "buckets", BucketId)).Select(Path.GetFileName).Order().Should().Equal("documents.txt", "files.txt", "fine.upper.md");
        Directory.EnumerateFileSystemEntries(Path.Combine(factory.DataDirectory, ".staging")).Should().BeEmpty();
    }

    [Fact]
    public async Task Part_headers_of_every_allowed_file_fit_on_top_of_the_request_limit()
    {
        // 100 parts with 7 KiB file names (sent twice, as filename and filename*): 1.4 MB of headers around 100 bytes of content.
        await using var factory = new BackendFactory(new Dictionary<string, string?> { ["G4F:Buckets:MaxRequestBytes"] = "1000" });
        var client = factory.CreateClient();
        var parts = Enumerable.Range(0, 100).Select(i => ($"{i:D3}{new string('n', 7 * 1024)}.md", "text/markdown", new[] { (byte)'x' })).ToArray();

        using var response = await client.UploadAsync(BucketId, parts);

        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_part_header_over_16_KiB_is_a_bad_request_even_as_the_first_part()
    {
        await using var factory = new BackendFactory(new Dictionary<string, string?>());
        var client = factory.CreateClient();

        using var response = await client.UploadAsync(BucketId, (new string('n', 9 * 1024) + ".md", "text/markdown", [(byte)'x']));

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await response.Content.ReadAsStringAsync()).Should().Be("""{"error":{"message":"Invalid multipart body"}}""");
    }

    // One file part whose bytes are held back after the part header until the gate opens.
    private sealed class GatedUpload : HttpContent
    {
        private readonly string _name;
        private readonly string _text;
        private readonly Func<Task> _gate;

        public GatedUpload(string name, string text, Func<Task> gate)
        {
            (_name, _text, _gate) = (name, text, gate);
            Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse("multipart/form-data; boundary=gate");
        }

        protected override async Task SerializeToStreamAsync(Stream stream, System.Net.TransportContext? context)
        {
            await stream.WriteAsync(Encoding.ASCII.GetBytes($"--gate\r\nContent-Disposition: form-data; name=\"files\"; filename=\"{_name}\"\r\nContent-Type: text/plain\r\n\r\n"));
            await stream.FlushAsync();
            await _gate();
            await stream.WriteAsync(Encoding.UTF8.GetBytes($"{_text}\r\n--gate--\r\n"));
        }

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }

    private static string[] Snapshot(string root) =>
        Directory.Exists(root)
            ? [.. Directory.GetFileSystemEntries(root, "*", SearchOption.AllDirectories).Select(p => Path.GetRelativePath(root, p)).Order()]
            : [];
}
