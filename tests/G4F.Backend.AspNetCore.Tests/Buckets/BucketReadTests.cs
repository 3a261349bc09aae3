using System.Net;
using System.Text;
using G4F.Backend.AspNetCore.Tests.Infrastructure;
using Snapshooter.Xunit;
using static G4F.Backend.AspNetCore.Tests.Buckets.BucketUploads;

namespace G4F.Backend.AspNetCore.Tests.Buckets;

/// <summary><c>GET /files/{bucket_id}</c> and <c>/stream</c> (PROTOCOL 6.3): exact bytes of both modes.</summary>
public sealed class BucketReadTests
{
    [Fact]
    public async Task Plain_mode_is_exactly_the_framed_text()
    {
        await using var factory = new BackendFactory(new Dictionary<string, string?>());
        var client = factory.CreateClient();
        await client.UploadJsonAsync(BucketId, Text("report.txt", "\n  Revenue grew\nby 5%  \n\n"), Text("empty.md", string.Empty), Text("data.json", "{\"a\": 1}"));

        using var response = await client.GetAsync($"/backend-api/v2/files/{BucketId}");

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.ToString().Should().Be("text/plain; charset=utf-8");
        (await response.Content.ReadAsStringAsync()).Should().Be(
            "<!-- File: report.txt.md -->\nRevenue grew\nby 5%\n<-- End -->\n\n<!-- File: data.json -->\n{\"a\": 1}\n<-- End -->\n\n",
            "text is trimmed, empty files are left out, and no data: lines leak into plain text");
    }

    [Fact]
    public async Task Event_mode_is_exactly_the_snapshot_transcript()
    {
        await using var factory = new BackendFactory(new Dictionary<string, string?>());
        var client = factory.CreateClient();
        await client.UploadJsonAsync(BucketId, Text("big.txt", string.Concat(Enumerable.Repeat("a line of forty characters, more or less\n", 300))), Text("small.txt", "tiny"));

        using var response = await client.GetAsync($"/backend-api/v2/files/{BucketId}/stream");

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.ToString().Should().Be("text/event-stream; charset=utf-8");
        var raw = await response.Content.ReadAsStringAsync();
        raw.Should().NotContain("\r").And.NotContain("event:").And.EndWith("\n\n");
        Snapshot.Match(raw.Split('\n'));
        using var second = await client.GetAsync($"/backend-api/v2/files/{BucketId}/stream");
        (await second.Content.ReadAsStringAsync()).Should().NotContain("delete_files", "files.txt was removed by the first read");
    }

    [Theory]
    [InlineData("text/event-stream", true)]
    [InlineData("text/html, text/event-stream;q=0.9", true)]
    [InlineData("text/plain", false)]
    [InlineData(null, false)]
    public async Task The_accept_header_switches_to_events(string? accept, bool events)
    {
        await using var factory = new BackendFactory(new Dictionary<string, string?>());
        var client = factory.CreateClient();
        await client.UploadJsonAsync(BucketId, Text("a.txt", "alpha"));
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/backend-api/v2/files/{BucketId}");
        if (accept is not null)
        {
            request.Headers.TryAddWithoutValidation("Accept", accept);
        }

        using var response = await client.SendAsync(request);

        var body = await response.Content.ReadAsStringAsync();
        if (events)
        {
            response.Content.Headers.ContentType!.MediaType.Should().Be("text/event-stream");
            body.Should().Be("data: {\"action\":\"load\",\"size\":43}\n\ndata: {\"action\":\"delete_files\"}\n\ndata: {\"action\":\"done\",\"size\":43}\n\n");
        }
        else
        {
            response.Content.Headers.ContentType!.MediaType.Should().Be("text/plain");
            body.Should().Be("<!-- File: a.txt.md -->\nalpha\n<-- End -->\n\n");
        }
    }

    [Fact]
    public async Task Refine_is_a_pass_through_that_reports_refine_progress()
    {
        await using var factory = new BackendFactory(new Dictionary<string, string?>());
        var client = factory.CreateClient();
        await client.UploadJsonAsync(BucketId, Text("a.txt", "alpha"));

        (await (await client.GetAsync($"/backend-api/v2/files/{BucketId}/stream?refine_chunks_with_spacy=1")).Content.ReadAsStringAsync())
            .Should().Be("data: {\"action\":\"refine\",\"size\":43}\n\ndata: {\"action\":\"delete_files\"}\n\ndata: {\"action\":\"done\",\"size\":43}\n\n");
        (await client.ReadTextAsync(BucketId, "?refine_chunks_with_spacy=true")).Should().Be("<!-- File: a.txt.md -->\nalpha\n<-- End -->\n\n");
    }

    [Fact]
    public async Task Archives_are_stored_as_they_are_and_read_by_their_converter()
    {
        await using var factory = new BackendFactory(new Dictionary<string, string?>(), AddTestConverters);
        var client = factory.CreateClient();

        (await client.UploadJsonAsync(BucketId, ("docs.zip", "application/zip", "zipped words"u8.ToArray()))).Should().Contain("\"files\":[\"docs.zip\"]");

        File.ReadAllText(Path.Combine(factory.DataDirectory, "buckets", BucketId, "docs.zip")).Should().Be("zipped words");
        (await client.ReadTextAsync(BucketId)).Should().Be("<!-- File: docs.zip -->\nZIPPED WORDS\n<-- End -->\n\n");
    }

    [Fact]
    public async Task An_empty_bucket_streams_done_with_size_zero()
    {
        await using var factory = new BackendFactory(new Dictionary<string, string?>());
        var client = factory.CreateClient();
        await client.UploadJsonAsync(BucketId, ("program.exe", "application/octet-stream", [1]));

        (await (await client.GetAsync($"/backend-api/v2/files/{BucketId}/stream")).Content.ReadAsStringAsync())
            .Should().Be("data: {\"action\":\"delete_files\"}\n\ndata: {\"action\":\"done\",\"size\":0}\n\n");
    }

    [Theory]
    [InlineData("", true)]
    [InlineData("?delete_files=false", true)] // presence semantics: any non-empty value is true
    [InlineData("?delete_files=0", true)]
    [InlineData("?delete_files=", false)]
    public async Task Delete_files_uses_presence_semantics_and_never_loses_text(string query, bool deletes)
    {
        await using var factory = new BackendFactory(new Dictionary<string, string?>());
        var client = factory.CreateClient();
        await client.UploadJsonAsync(BucketId, Text("a.txt", "alpha"), ("downloads.json", "application/json", "[]"u8.ToArray()));
        var folder = Path.Combine(factory.DataDirectory, "buckets", BucketId);

        (await client.ReadTextAsync(BucketId, query)).Should().Be("<!-- File: a.txt.md -->\nalpha\n<-- End -->\n\n");

        File.Exists(Path.Combine(folder, "files.txt")).Should().BeFalse("files.txt is removed after every read");
        File.Exists(Path.Combine(folder, "downloads.json")).Should().Be(!deletes);
        (await client.ReadTextAsync(BucketId)).Should().Contain("alpha");
    }

    [Fact]
    public async Task A_read_that_fails_after_the_start_ends_with_the_error_frame()
    {
        await using var factory = new BackendFactory(new Dictionary<string, string?>());
        var client = factory.CreateClient();
        var lines = string.Concat(Enumerable.Repeat(new string('a', 99) + "\n", 100));
        await client.UploadJsonAsync(BucketId, Text("a.md", lines), Text("b.txt", "bee"));
        Unreadable(factory, "b.txt.md");

        using var response = await client.GetAsync($"/backend-api/v2/files/{BucketId}/stream");

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var piece = Encoding.UTF8.GetByteCount("<!-- File: a.md -->\n") + (82 * 100);
        (await response.Content.ReadAsStringAsync()).Should().Be(
            $"data: {{\"action\":\"load\",\"size\":{piece}}}\n\ndata: {{\"error\":{{\"message\":\"Reading the bucket failed\"}}}}\n\n",
            "the first piece went out before the failure; the error frame ends the stream, without delete_files or done");
    }

    [Fact]
    public async Task A_plain_read_that_fails_before_any_text_is_500_in_the_envelope()
    {
        await using var factory = new BackendFactory(new Dictionary<string, string?>());
        var client = factory.CreateClient();
        await client.UploadJsonAsync(BucketId, Text("a.txt", "alpha"), Text("b.txt", "bee"));
        Unreadable(factory, "b.txt.md");

        using var response = await client.GetAsync($"/backend-api/v2/files/{BucketId}");

        response.StatusCode.Should().Be(HttpStatusCode.InternalServerError);
        (await response.Content.ReadAsStringAsync()).Should().Be("""{"error":{"message":"Reading the bucket failed"}}""");
        File.Exists(Path.Combine(factory.DataDirectory, "buckets", BucketId, "files.txt")).Should().BeTrue("a failed read cleans nothing up");
    }

    // A folder where a document should be: opening it fails with an error no read expects.
    private static void Unreadable(BackendFactory factory, string document)
    {
        var path = Path.Combine(factory.DataDirectory, "buckets", BucketId, document);
        File.Delete(path);
        Directory.CreateDirectory(path);
    }

    [Fact]
    public async Task A_missing_bucket_is_404_in_the_envelope()
    {
        await using var factory = new BackendFactory(new Dictionary<string, string?>());
        var client = factory.CreateClient();

        foreach (var path in new[] { $"/backend-api/v2/files/{BucketId}", $"/backend-api/v2/files/{BucketId}/stream" })
        {
            using var response = await client.GetAsync(path);
            response.StatusCode.Should().Be(HttpStatusCode.NotFound);
            (await response.Content.ReadAsStringAsync()).Should().Be("""{"error":{"message":"Bucket directory not found"}}""");
        }
    }

    [Fact]
    public async Task Big_documents_come_in_pieces_cut_after_code_blocks_or_at_8_KiB()
    {
        await using var factory = new BackendFactory(new Dictionary<string, string?>());
        var client = factory.CreateClient();
        var code = new StringBuilder("```csharp\n");
        while (code.Length < 4200)
        {
            code.Append("var x = 1; // some code\n");
        }

        code.Append("```\n\nafter the block\n");
        var prose = string.Concat(Enumerable.Repeat("0123456789abcdefghijklmnopqrstuvwxyz0123456789abcdefghijklmnopqrstuvwxyz\n", 300));
        await client.UploadJsonAsync(BucketId, Text("code.md", code.ToString()), Text("prose.txt", prose));
        var plain = await client.ReadTextAsync(BucketId);

        using var response = await client.GetAsync($"/backend-api/v2/files/{BucketId}/stream");
        var sizes = (await response.Content.ReadAsStringAsync()).Split("\n\n", StringSplitOptions.RemoveEmptyEntries)
            .Where(frame => frame.Contains("\"load\"", StringComparison.Ordinal))
            .Select(frame => long.Parse(frame.Split("\"size\":")[1].TrimEnd('}'), System.Globalization.CultureInfo.InvariantCulture))
            .ToArray();

        var pieces = sizes.Zip(sizes.Prepend(0), (total, previous) => total - previous).ToArray();
        var firstFence = Encoding.UTF8.GetByteCount(plain[..(plain.IndexOf("\n```\n\n", StringComparison.Ordinal) + 6)]);
        pieces[0].Should().Be(firstFence, "the first piece ends with the complete code block once it holds 4 KiB");
        pieces[1..^1].Should().OnlyContain(p => p >= 8192 && p < 8192 + 80, "other pieces are cut at the first line end after 8 KiB");
        pieces[^1].Should().BeLessThan(8192 + 80);
        sizes[^1].Should().Be(Encoding.UTF8.GetByteCount(plain));
    }
}
