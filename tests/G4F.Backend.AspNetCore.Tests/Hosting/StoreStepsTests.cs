using System.Net;
using System.Net.Http.Headers;
using G4F.Backend.AspNetCore.Tests.Buckets;
using G4F.Backend.AspNetCore.Tests.Hosting.Parts;
using G4F.Backend.Media;
using G4F.Backend.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SkiaSharp;

namespace G4F.Backend.AspNetCore.Tests.Hosting;

/// <summary>
/// The builder steps that replace a store (<c>UseMediaStore</c>, <c>UseStorageLock</c>) through a real host: the routes
/// serve from the host's store with the same headers, and writers lock through the host's lock; the data directory
/// holds none of it.
/// </summary>
public sealed class StoreStepsTests : IAsyncLifetime
{
    private const string Photo = "1755780000_flux+a_fox_0123456789abcdef.png";
    private const string Song = "1755780001_song_0011223344556677.mp3";
    private static readonly byte[] Clip = [.. Enumerable.Range(0, 64).Select(i => (byte)i)];

    private readonly string _data = Path.Combine(Path.GetTempPath(), "g4f-tests", Guid.NewGuid().ToString("N"));
    private WebApplication _app = null!;
    private HttpClient _client = null!;

    private MemoryMediaStore Media => (MemoryMediaStore)_app.Services.GetRequiredService<IMediaStore>();

    private RecordingStorageLock Lock => (RecordingStorageLock)_app.Services.GetRequiredService<IStorageLock>();

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseTestServer();
        builder.Logging.ClearProviders();
        builder.Services.AddG4FBackend(o =>
            {
                o.DataDirectory = _data;
                o.LatestVersionUrl = null;
            })
            .UseMediaStore<MemoryMediaStore>()
            .UseStorageLock<RecordingStorageLock>();
        _app = builder.Build();
        _app.MapG4FBackend();
        await _app.StartAsync();
        _client = _app.GetTestClient();
        await Media.WriteAsync(MediaKey.Library(Photo), new MemoryStream(PngOf(800, 600)), CancellationToken.None);
        await Media.WriteAsync(MediaKey.Library(Song), new MemoryStream(Clip), CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _app.DisposeAsync();
        if (Directory.Exists(_data))
        {
            Directory.Delete(_data, recursive: true);
        }
    }

    [Fact]
    public async Task The_media_routes_serve_the_hosts_store_with_tags_ranges_and_304()
    {
        using var first = await _client.GetAsync("/media/" + Song);
        using var conditional = new HttpRequestMessage(HttpMethod.Get, "/media/" + Song);
        conditional.Headers.IfNoneMatch.Add(first.Headers.ETag!);
        using var ranged = new HttpRequestMessage(HttpMethod.Get, "/media/" + Song);
        ranged.Headers.Range = new RangeHeaderValue(10, 19);

        using var notModified = await _client.SendAsync(conditional);
        using var partial = await _client.SendAsync(ranged);

        first.StatusCode.Should().Be(HttpStatusCode.OK);
        (await first.Content.ReadAsByteArrayAsync()).Should().Equal(Clip);
        first.Content.Headers.ContentType!.MediaType.Should().Be("audio/mpeg");
        first.Content.Headers.LastModified.Should().NotBeNull();
        notModified.StatusCode.Should().Be(HttpStatusCode.NotModified);
        partial.StatusCode.Should().Be(HttpStatusCode.PartialContent);
        (await partial.Content.ReadAsByteArrayAsync()).Should().Equal(Clip[10..20]);
        Directory.Exists(Path.Combine(_data, "media")).Should().BeFalse("nothing of the media library is on the disk");
    }

    [Fact]
    public async Task A_thumbnail_is_made_from_the_hosts_store_and_kept_there()
    {
        using var response = await _client.GetAsync("/thumbnail/" + Photo);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        using var thumbnail = SKBitmap.Decode(await response.Content.ReadAsByteArrayAsync());
        (thumbnail.Width, thumbnail.Height).Should().Be((400, 300));
        Media.Keys.Should().Contain(MediaKey.Thumbnail(Photo));
        Directory.Exists(Path.Combine(_data, "media")).Should().BeFalse();
    }

    [Fact]
    public async Task A_search_lists_the_hosts_store()
    {
        using var response = await _client.GetAsync("/search/song");

        response.StatusCode.Should().Be(HttpStatusCode.Redirect);
        response.Headers.Location!.OriginalString.Should().EndWith("/media/" + Song);
    }

    [Fact]
    public async Task Bucket_writers_lock_through_the_hosts_lock()
    {
        await _client.UploadJsonAsync(BucketUploads.BucketId, BucketUploads.Text("notes.txt", "words"));

        using var deleted = await _client.DeleteAsync($"/backend-api/v2/files/{BucketUploads.BucketId}");

        deleted.StatusCode.Should().Be(HttpStatusCode.OK);
        Lock.Acquired.Should().Contain("bucket/" + BucketUploads.BucketId).And.HaveCountGreaterThanOrEqualTo(2, "the upload and the delete each hold it");
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
