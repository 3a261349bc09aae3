using System.Net;
using System.Net.Http.Headers;
using G4F.Backend.AspNetCore.Tests.Infrastructure;
using SkiaSharp;

namespace G4F.Backend.AspNetCore.Tests.Media;

/// <summary><c>GET /images|media|thumbnail/{name}</c> (PROTOCOL 7.3): the media folder as static files, real thumbnails.</summary>
public sealed class MediaRouteTests : IAsyncLifetime
{
    private const string Photo = "1755780000_flux+16_9+a_red_fox_3f9a1c0b7d2e4a61.png";
    private static readonly byte[] Clip = [.. Enumerable.Range(0, 1000).Select(i => (byte)i)];

    private readonly BackendFactory _factory = new(new Dictionary<string, string?>());
    private HttpClient _client = null!;

    public Task InitializeAsync()
    {
        _client = _factory.CreateClient();
        Write(Photo, PngOf(800, 600));
        Write("1755780001_song_0011223344556677.mp3", Clip);
        Write("notes.txt", [1, 2, 3]);
        File.WriteAllBytes(Path.Combine(_factory.DataDirectory, "secret.png"), [4, 5, 6]);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _factory.DisposeAsync();

    [Theory]
    [InlineData("/media/")]
    [InlineData("/images/")]
    public async Task A_stored_file_is_served_with_its_type_a_public_long_cache_and_nosniff(string route)
    {
        using var response = await _client.GetAsync(route + Photo + "?url=https%3A%2F%2Fignored.example%2Fa.png");

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        (await response.Content.ReadAsByteArrayAsync()).Should().Equal(File.ReadAllBytes(Path.Combine(_factory.DataDirectory, "media", Photo)));
        response.Content.Headers.ContentType!.MediaType.Should().Be("image/png");
        response.Headers.CacheControl!.Public.Should().BeTrue();
        response.Headers.CacheControl.MaxAge.Should().Be(TimeSpan.FromSeconds(31536000));
        response.Headers.GetValues("X-Content-Type-Options").Should().Equal("nosniff");
        response.Headers.ETag.Should().NotBeNull();
        response.Headers.AcceptRanges.Should().Contain("bytes");
    }

    [Fact]
    public async Task The_etag_answers_304_and_a_range_answers_206()
    {
        const string Song = "/media/1755780001_song_0011223344556677.mp3";
        using var first = await _client.GetAsync(Song);
        using var conditional = new HttpRequestMessage(HttpMethod.Get, Song);
        conditional.Headers.IfNoneMatch.Add(first.Headers.ETag!);
        using var ranged = new HttpRequestMessage(HttpMethod.Get, Song);
        ranged.Headers.Range = new RangeHeaderValue(10, 19);

        using var notModified = await _client.SendAsync(conditional);
        using var partial = await _client.SendAsync(ranged);

        first.Content.Headers.ContentType!.MediaType.Should().Be("audio/mpeg");
        notModified.StatusCode.Should().Be(HttpStatusCode.NotModified);
        partial.StatusCode.Should().Be(HttpStatusCode.PartialContent);
        (await partial.Content.ReadAsByteArrayAsync()).Should().Equal(Clip[10..20]);
    }

    [Fact]
    public async Task A_thumbnail_is_created_once_fitted_into_400_and_served_with_its_own_tag()
    {
        using var full = await _client.GetAsync("/media/" + Photo);
        using var first = await _client.GetAsync("/thumbnail/" + Photo);
        var stored = Path.Combine(_factory.DataDirectory, "media", "thumbnails", Photo);
        var written = File.GetLastWriteTimeUtc(stored);
        using var second = await _client.GetAsync("/thumbnail/" + Photo);

        first.StatusCode.Should().Be(HttpStatusCode.OK);
        first.Content.Headers.ContentType!.MediaType.Should().Be("image/png");
        using var bitmap = SKBitmap.Decode(await first.Content.ReadAsByteArrayAsync());
        (bitmap.Width, bitmap.Height).Should().Be((400, 300));
        first.Headers.ETag.Should().NotBe(full.Headers.ETag);
        File.GetLastWriteTimeUtc(stored).Should().Be(written, "the second request serves the stored thumbnail");
        (await second.Content.ReadAsByteArrayAsync()).Should().Equal(File.ReadAllBytes(stored));
    }

    [Fact]
    public async Task A_thumbnail_of_audio_falls_back_to_the_full_file()
    {
        using var response = await _client.GetAsync("/thumbnail/1755780001_song_0011223344556677.mp3");

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        (await response.Content.ReadAsByteArrayAsync()).Should().Equal(Clip);
        Directory.Exists(Path.Combine(_factory.DataDirectory, "media", "thumbnails")).Should().BeFalse();
    }

    [Theory]
    [InlineData("/media/missing.png")]
    [InlineData("/media/notes.txt")]
    [InlineData("/media/..%2Fsecret.png")]
    [InlineData("/media/%2E%2E%2Fsecret.png")]
    [InlineData("/media/..%252Fsecret.png")]
    [InlineData("/images/..%5Csecret.png")]
    [InlineData("/thumbnail/..%2F..%2Fmedia%2F" + Photo)]
    [InlineData("/media/_")]
    [InlineData("/media/missing.png?url=ftp%3A%2F%2Fexample.com%2Fa.png")]
    public async Task Missing_non_media_and_traversing_names_answer_404_json(string path)
    {
        using var response = await _client.GetAsync(path);

        response.StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await response.Content.ReadAsStringAsync()).Should().Be("""{"error":{"message":"File not found"}}""");
        response.Headers.Location.Should().BeNull();
    }

    [Fact]
    public async Task Another_method_answers_405_with_allow()
    {
        using var response = await _client.DeleteAsync("/media/" + Photo);

        response.StatusCode.Should().Be(HttpStatusCode.MethodNotAllowed);
        response.Content.Headers.Allow.Should().Equal("GET");
        File.Exists(Path.Combine(_factory.DataDirectory, "media", Photo)).Should().BeTrue();
    }

    private void Write(string name, byte[] body)
    {
        var folder = Directory.CreateDirectory(Path.Combine(_factory.DataDirectory, "media")).FullName;
        File.WriteAllBytes(Path.Combine(folder, name), body);
    }

    private static byte[] PngOf(int width, int height)
    {
        using var bitmap = new SKBitmap(width, height);
        using (var canvas = new SKCanvas(bitmap))
        {
            canvas.Clear(SKColors.Orange);
        }

        using var image = SKImage.FromBitmap(bitmap);
        using var data = image.Encode(SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }
}
