using System.Net;
using System.Net.Http.Headers;
using G4F.Backend.AspNetCore.Tests.Infrastructure;

namespace G4F.Backend.AspNetCore.Tests.Buckets;

/// <summary><c>GET /files/{bucket_id}/media|thumbnail/{filename}</c> (PROTOCOL 6.5): bucket media as static files.</summary>
public sealed class BucketMediaTests : IAsyncLifetime
{
    private const string BucketId = "3c6e0b8a-9f1d-4d2e-8b7a-5e4f3a2b1c0d";
    private static readonly byte[] Image = [.. Enumerable.Range(0, 1000).Select(i => (byte)i)];
    private static readonly byte[] Small = [9, 8, 7];

    private readonly BackendFactory _factory = new(new Dictionary<string, string?>());
    private HttpClient _client = null!;

    public Task InitializeAsync()
    {
        _client = _factory.CreateClient();
        Write("media", "cat.png", Image);
        Write("thumbnail", "cat.png", Small);
        Write("media", "voice.webm", [1, 2, 3, 4]);
        Write("media", "notes.bin", [5, 6]);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _factory.DisposeAsync();

    [Fact]
    public async Task A_media_file_is_served_with_its_type_and_a_long_cache()
    {
        using var response = await _client.GetAsync($"/files/{BucketId}/media/cat.png");

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        (await response.Content.ReadAsByteArrayAsync()).Should().Equal(Image);
        response.Content.Headers.ContentType!.MediaType.Should().Be("image/png");
        // Bucket media are one user's files: no shared cache may keep them.
        response.Headers.CacheControl!.Private.Should().BeTrue();
        response.Headers.CacheControl.Public.Should().BeFalse();
        response.Headers.CacheControl.MaxAge.Should().Be(TimeSpan.FromSeconds(31536000));
        response.Headers.GetValues("X-Content-Type-Options").Should().Equal("nosniff");
        response.Headers.ETag.Should().NotBeNull();
        response.Content.Headers.LastModified.Should().NotBeNull();
        response.Headers.AcceptRanges.Should().Contain("bytes");
    }

    [Fact]
    public async Task A_file_of_unknown_type_is_an_octet_stream_that_is_never_sniffed()
    {
        using var response = await _client.GetAsync($"/files/{BucketId}/media/notes.bin");

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/octet-stream");
        response.Headers.GetValues("X-Content-Type-Options").Should().Equal("nosniff");
    }

    [Fact]
    public async Task The_thumbnail_is_served_and_falls_back_to_the_media_file()
    {
        (await _client.GetByteArrayAsync($"/files/{BucketId}/thumbnail/cat.png")).Should().Equal(Small);
        (await _client.GetByteArrayAsync($"/files/{BucketId}/thumbnail/voice.webm")).Should().Equal(1, 2, 3, 4);
    }

    [Fact]
    public async Task A_matching_etag_or_an_unchanged_date_answers_304()
    {
        using var first = await _client.GetAsync($"/files/{BucketId}/media/cat.png");
        using var byTag = new HttpRequestMessage(HttpMethod.Get, $"/files/{BucketId}/media/cat.png");
        byTag.Headers.IfNoneMatch.Add(first.Headers.ETag!);
        using var byDate = new HttpRequestMessage(HttpMethod.Get, $"/files/{BucketId}/media/cat.png");
        byDate.Headers.IfModifiedSince = first.Content.Headers.LastModified;
        using var otherTag = new HttpRequestMessage(HttpMethod.Get, $"/files/{BucketId}/media/cat.png");
        otherTag.Headers.IfNoneMatch.Add(new EntityTagHeaderValue("\"other\""));

        (await _client.SendAsync(byTag)).StatusCode.Should().Be(HttpStatusCode.NotModified);
        (await _client.SendAsync(byDate)).StatusCode.Should().Be(HttpStatusCode.NotModified);
        (await _client.SendAsync(otherTag)).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_range_answers_206_with_the_bytes_and_an_unsatisfiable_one_416()
    {
        using var range = new HttpRequestMessage(HttpMethod.Get, $"/files/{BucketId}/media/cat.png");
        range.Headers.Range = new RangeHeaderValue(10, 19);
        using var beyond = new HttpRequestMessage(HttpMethod.Get, $"/files/{BucketId}/media/cat.png");
        beyond.Headers.Range = new RangeHeaderValue(5000, 6000);

        using var partial = await _client.SendAsync(range);
        using var unsatisfiable = await _client.SendAsync(beyond);

        partial.StatusCode.Should().Be(HttpStatusCode.PartialContent);
        (await partial.Content.ReadAsByteArrayAsync()).Should().Equal(Image[10..20]);
        partial.Content.Headers.ContentRange!.ToString().Should().Be("bytes 10-19/1000");
        unsatisfiable.StatusCode.Should().Be(HttpStatusCode.RequestedRangeNotSatisfiable);
    }

    [Fact]
    public async Task Head_answers_the_headers_without_a_body()
    {
        using var response = await _client.SendAsync(new HttpRequestMessage(HttpMethod.Head, $"/files/{BucketId}/media/cat.png"));

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Content.Headers.ContentLength.Should().Be(Image.Length);
        (await response.Content.ReadAsByteArrayAsync()).Should().BeEmpty();
    }

    [Theory]
    [InlineData("images")]
    [InlineData("Media")]
    [InlineData("chat.json")]
    public async Task Another_kind_answers_400(string kind)
    {
        using var response = await _client.GetAsync($"/files/{BucketId}/{kind}/cat.png");

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await response.Content.ReadAsStringAsync()).Should().Be("""{"error":{"message":"Invalid file type"}}""");
    }

    [Theory]
    [InlineData("_", "cat.png", "Invalid bucket id")]
    [InlineData("---", "cat.png", "Invalid bucket id")]
    [InlineData("%252e%252e", "cat.png", "Invalid bucket id")]
    [InlineData(BucketId, "_", "Invalid file name")]
    [InlineData(BucketId, "%252e%252e", "Invalid file name")]
    [InlineData(BucketId, "...", "Invalid file name")]
    public async Task Ids_and_names_that_sanitise_to_nothing_answer_400(string bucketId, string name, string message)
    {
        using var response = await _client.GetAsync($"/files/{bucketId}/media/{name}");

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await response.Content.ReadAsStringAsync()).Should().Be("{\"error\":{\"message\":\"" + message + "\"}}");
    }

    [Fact]
    public async Task A_missing_file_answers_404_json()
    {
        using var response = await _client.GetAsync($"/files/{BucketId}/media/dog.png");

        response.StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await response.Content.ReadAsStringAsync()).Should().Be("""{"error":{"message":"File not found"}}""");
    }

    [Fact]
    public async Task Other_methods_answer_405_json()
    {
        using var response = await _client.PostAsync($"/files/{BucketId}/media/cat.png", new ByteArrayContent([]));

        response.StatusCode.Should().Be(HttpStatusCode.MethodNotAllowed);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/json");
        File.ReadAllBytes(Path.Combine(_factory.DataDirectory, "buckets", BucketId, "media", "cat.png")).Should().Equal(Image);
    }

    private void Write(string kind, string name, byte[] content)
    {
        var folder = Path.Combine(_factory.DataDirectory, "buckets", BucketId, kind);
        Directory.CreateDirectory(folder);
        File.WriteAllBytes(Path.Combine(folder, name), content);
    }
}
