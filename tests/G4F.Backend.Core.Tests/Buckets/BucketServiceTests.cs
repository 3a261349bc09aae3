using System.Text;
using G4F.Backend.Buckets;
using G4F.Backend.Identity;
using G4F.Backend.Requests;
using Microsoft.Extensions.DependencyInjection;

namespace G4F.Backend.Core.Tests.Buckets;

/// <summary>
/// A host without ASP.NET Core drives buckets through Core's public <see cref="BucketService"/> alone: the checks of ids,
/// owners and limits live in the service, not in the HTTP endpoints.
/// </summary>
public sealed class BucketServiceTests : IDisposable
{
    private static readonly CallerIdentity Alice = new("alice");
    private static readonly CallerIdentity Bob = new("bob");

    private readonly string _root = Directory.CreateTempSubdirectory("g4f-bucket-service-").FullName;
    private readonly ServiceProvider _services;

    public BucketServiceTests()
    {
        _services = new ServiceCollection()
            .AddG4FBackend(o =>
            {
                o.DataDirectory = Path.Combine(_root, "data");
                o.Buckets.MaxFilesPerRequest = 2;
            })
            .Services.BuildServiceProvider();
    }

    private BucketService Buckets => _services.GetRequiredService<BucketService>();

    public void Dispose()
    {
        _services.Dispose();
        Directory.Delete(_root, recursive: true);
    }

    [Fact]
    public async Task An_upload_is_read_back_and_deleted_by_its_owner()
    {
        var stored = await UploadAsync("notes", Alice, ("../notes.txt", "Hello bucket"));

        stored.IsStored.Should().BeTrue();
        stored.Stored!.Files.Should().Equal(["notes.txt.md"], "the client's name is sanitised and the text converted");

        var read = await Buckets.PrepareReadAsync("notes", Bob, deleteFiles: false, refine: false);
        read.IsRefused.Should().BeFalse("anyone with the id reads the text");
        var sink = new TextSink();
        await read.Value!.ReadAsync(sink);
        sink.Text.ToString().Should().Contain("Hello bucket");

        (await Buckets.DeleteAsync("notes", Bob)).Should().Be(new RequestRefusal(RefusalKind.Forbidden, "Access denied: this belongs to another user"));
        (await Buckets.DeleteAsync("notes", Alice)).Should().BeNull();
        (await Buckets.PrepareReadAsync("notes", Alice, deleteFiles: false, refine: false)).Refusal!.Kind.Should().Be(RefusalKind.NotFound);
    }

    [Fact]
    public async Task Another_user_and_an_anonymous_caller_are_refused_before_any_body_is_read()
    {
        await UploadAsync("owned", Alice, ("a.txt", "mine"));

        (await Buckets.AuthorizeUploadAsync("owned", Bob)).Refusal!.Kind.Should().Be(RefusalKind.Forbidden);
        (await Buckets.AuthorizeUploadAsync("owned", CallerIdentity.Anonymous)).Refusal!.Kind.Should().Be(RefusalKind.Unauthenticated);
    }

    [Theory]
    [InlineData("")]
    [InlineData("..")]
    [InlineData("/")]
    public async Task An_id_that_sanitises_to_nothing_is_an_invalid_request(string id)
    {
        (await Buckets.AuthorizeUploadAsync(id, null)).Refusal.Should().Be(new RequestRefusal(RefusalKind.InvalidRequest, "Invalid bucket id"));
        (await Buckets.PrepareReadAsync(id, null, deleteFiles: false, refine: false)).Refusal!.Kind.Should().Be(RefusalKind.InvalidRequest);
        (await Buckets.DeleteAsync(id, null))!.Kind.Should().Be(RefusalKind.InvalidRequest);
        (await Buckets.OpenMediaAsync(id, "a.png", thumbnail: false, url: string.Empty, serverOrigin: null)).Refusal!.Kind.Should().Be(RefusalKind.InvalidRequest);
    }

    [Fact]
    public async Task A_file_over_the_per_request_count_is_refused_as_too_large_and_nothing_is_stored()
    {
        var authorized = await Buckets.AuthorizeUploadAsync("many", null);
        using var upload = authorized.Value!;
        (await upload.StartAsync()).Should().BeNull();
        (await AddAsync(upload, "1.txt", "one")).Should().BeNull();
        (await AddAsync(upload, "2.txt", "two")).Should().BeNull();

        var refusal = await AddAsync(upload, "3.txt", "three");

        refusal.Should().Be(new RequestRefusal(RefusalKind.TooLarge, "An upload may hold at most 2 files"));
        (await Buckets.PrepareReadAsync("many", null, deleteFiles: false, refine: false)).Refusal!.Kind.Should().Be(RefusalKind.NotFound);
    }

    [Fact]
    public async Task A_nameless_file_is_an_invalid_request()
    {
        var authorized = await Buckets.AuthorizeUploadAsync("nameless", null);
        using var upload = authorized.Value!;
        await upload.StartAsync();

        (await AddAsync(upload, "..", "x", contentType: null)).Should().Be(new RequestRefusal(RefusalKind.InvalidRequest, "Invalid file name"));
    }

    private async Task<BucketUploadOutcome> UploadAsync(string bucketId, CallerIdentity? caller, params (string Name, string Text)[] files)
    {
        var authorized = await Buckets.AuthorizeUploadAsync(bucketId, caller);
        authorized.IsRefused.Should().BeFalse();
        using var upload = authorized.Value!;
        (await upload.StartAsync()).Should().BeNull();
        foreach (var (name, text) in files)
        {
            (await AddAsync(upload, name, text)).Should().BeNull();
        }

        return await upload.CommitAsync();
    }

    private static async Task<RequestRefusal?> AddAsync(BucketUpload upload, string name, string text, string? contentType = "text/plain")
    {
        using var content = new MemoryStream(Encoding.UTF8.GetBytes(text));
        return await upload.AddFileAsync(name, contentType, content);
    }

    private sealed class TextSink : IBucketReadSink
    {
        public StringBuilder Text { get; } = new();

        public ValueTask DownloadedAsync(int count, CancellationToken cancellationToken) => ValueTask.CompletedTask;

        public ValueTask TextAsync(string piece, long size, bool refine, CancellationToken cancellationToken)
        {
            Text.Append(piece);
            return ValueTask.CompletedTask;
        }

        public ValueTask MediaAsync(string fileName, CancellationToken cancellationToken) => ValueTask.CompletedTask;

        public ValueTask FilesDeletedAsync(CancellationToken cancellationToken) => ValueTask.CompletedTask;

        public ValueTask DoneAsync(long size, CancellationToken cancellationToken) => ValueTask.CompletedTask;
    }
}
