using System.Net;
using G4F.Backend.AspNetCore.Tests.Infrastructure;
using G4F.Backend.Documents;
using Microsoft.Extensions.DependencyInjection;
using Newtonsoft.Json.Linq;
using static G4F.Backend.AspNetCore.Tests.Buckets.BucketUploads;

namespace G4F.Backend.AspNetCore.Tests.Buckets;

/// <summary>ZIP archives: stored and listed as they are (PROTOCOL 6.2), converted once at upload into a hidden text sidecar.</summary>
public sealed class BucketArchiveTests
{
    [Fact]
    public async Task An_archive_is_converted_once_at_upload_not_on_every_read()
    {
        var counting = new CountingConverter();
        await using var factory = new BackendFactory(new Dictionary<string, string?>(), services =>
        {
            AddTestConverters(services);
            services.AddSingleton<IDocumentConverter>(counting);
        });
        var client = factory.CreateClient();

        (await client.UploadJsonAsync(BucketId, ("docs.zip", "application/zip", "zipped words"u8.ToArray()))).Should().Contain("\"files\":[\"docs.zip\"]");
        var first = await client.ReadTextAsync(BucketId);
        using (var stream = await client.GetAsync($"/backend-api/v2/files/{BucketId}/stream"))
        {
            (await stream.Content.ReadAsStringAsync()).Should().Contain("\"done\"");
        }

        var second = await client.ReadTextAsync(BucketId, string.Empty);

        counting.Calls.Should().Be(1);
        first.Should().Be("<!-- File: docs.zip -->\nzipped words (1)\n<-- End -->\n\n").And.Be(second);
        var folder = Path.Combine(factory.DataDirectory, "buckets", BucketId);
        File.ReadAllText(Path.Combine(folder, "docs.zip")).Should().Be("zipped words", "the archive itself is kept as it came");
        File.ReadAllText(Path.Combine(folder, ".text", "docs.zip.md")).Should().Be("zipped words (1)\n");
        File.ReadAllText(Path.Combine(folder, "documents.txt")).Should().Be("docs.zip\n", "the sidecar is never listed");
    }

    [Fact]
    public async Task An_archive_that_cannot_be_converted_is_a_per_file_error_and_not_stored()
    {
        await using var factory = new BackendFactory(new Dictionary<string, string?>(), AddTestConverters);
        var client = factory.CreateClient();

        var body = JObject.Parse(await client.UploadJsonAsync(BucketId, ("bad.zip", "application/zip", "bad bytes"u8.ToArray()), Text("a.txt", "alpha")));

        body["files"]!.ToObject<string[]>().Should().Equal("a.txt.md");
        body["errors"]!.ToString(Newtonsoft.Json.Formatting.None).Should().Be("""[{"name":"bad.zip","message":"The archive is broken"}]""");
        var folder = Path.Combine(factory.DataDirectory, "buckets", BucketId);
        File.Exists(Path.Combine(folder, "bad.zip")).Should().BeFalse();
        Directory.Exists(Path.Combine(folder, ".text")).Should().BeFalse();
    }

    [Fact]
    public async Task A_re_uploaded_archive_replaces_its_text_and_a_delete_removes_it()
    {
        await using var factory = new BackendFactory(new Dictionary<string, string?>(), AddTestConverters);
        var client = factory.CreateClient();

        await client.UploadJsonAsync(BucketId, ("docs.zip", "application/zip", "first"u8.ToArray()));
        await client.UploadJsonAsync(BucketId, ("docs.zip", "application/zip", "second"u8.ToArray()));

        (await client.ReadTextAsync(BucketId)).Should().Be("<!-- File: docs.zip -->\nSECOND\n<-- End -->\n\n");
        using var deleted = await client.DeleteAsync($"/backend-api/v2/files/{BucketId}");
        deleted.StatusCode.Should().Be(HttpStatusCode.OK);
        Directory.Exists(Path.Combine(factory.DataDirectory, "buckets", BucketId)).Should().BeFalse();
    }

    // Numbers its conversions, so a second conversion would show in the text.
    private sealed class CountingConverter : IDocumentConverter
    {
        private int _calls;

        public int Calls => _calls;

        public bool CanConvert(string extension, string? contentType) => extension == ".zip";

        public async Task ConvertAsync(DocumentInput input, TextWriter output, CancellationToken cancellationToken)
        {
            var call = Interlocked.Increment(ref _calls);
            using var reader = new StreamReader(input.Content);
            await output.WriteAsync($"{await reader.ReadToEndAsync(cancellationToken)} ({call})");
        }
    }
}
