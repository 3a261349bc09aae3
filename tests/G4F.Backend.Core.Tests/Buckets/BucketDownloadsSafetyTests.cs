using System.Text;
using G4F.Backend.Buckets;
using G4F.Backend.Core.Tests.Downloads;
using G4F.Backend.Documents;
using G4F.Backend.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace G4F.Backend.Core.Tests.Buckets;

/// <summary>
/// <c>downloads.json</c> cannot be turned against the server or the bucket: names never collide with or overwrite
/// other files, one list runs once and in bounded time, and a bad URL costs only itself.
/// </summary>
public sealed class BucketDownloadsSafetyTests : IAsyncLifetime
{
    private const string BucketId = "0c1d2e3f-4a5b-4c6d-8e7f-8091a2b3c4d5";
    private static readonly byte[] Png = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A, 9, 9];

    private FakeFileServer _server = null!;
    private Task _stalled = Task.CompletedTask;

    public async Task InitializeAsync()
    {
        _server = await FakeFileServer.StartAsync();
        _server.MapFile("/", "image/png", Png);
        _server.MapFile("/img/cat.png", "image/png", Png);
        _server.MapText("/notes.txt", "text/plain", "buy milk");
        _stalled = _server.MapStall("/slow.png");
        var longName = new string('a', 96) + ".txt";
        _server.MapFile("/long", "text/plain", "long"u8.ToArray(), headers: new Dictionary<string, string> { ["Content-Disposition"] = $"attachment; filename=\"{longName}\"" });
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Media_without_a_file_name_keep_the_full_stem_with_its_hash()
    {
        using var harness = Harness();
        WriteList(harness, $$"""[{"url": "{{_server.BaseUrl}}/"}]""");

        var stored = await Run(harness, deleteList: true);

        stored.Select(s => s.Name).Should().ContainSingle().Which.Should().MatchRegex(@"^127\.0\.0\.1\+[a-z2-7]{24}\.png$");
    }

    [Fact]
    public async Task An_existing_file_is_never_overwritten_and_the_download_gets_a_suffix()
    {
        using var harness = Harness();
        WriteList(harness, $$"""[{"url": "{{_server.BaseUrl}}/img/cat.png"}]""");
        Directory.CreateDirectory(BucketPath(harness, "media"));
        File.WriteAllBytes(BucketPath(harness, "media", "cat.png"), [1, 2, 3]);

        var stored = await Run(harness, deleteList: true);

        stored.Select(s => s.Name).Should().Equal("cat-2.png");
        File.ReadAllBytes(BucketPath(harness, "media", "cat.png")).Should().Equal(1, 2, 3);
        File.ReadAllBytes(BucketPath(harness, "media", "cat-2.png")).Should().Equal(Png);
    }

    [Fact]
    public async Task A_media_file_of_the_same_url_is_replaced_and_its_stale_thumbnail_dropped()
    {
        using var harness = Harness();
        var url = $"{_server.BaseUrl}/";
        var name = PageNames.MediaName(new Uri(url), ".png");
        WriteList(harness, $$"""[{"url": "{{url}}"}]""");
        Directory.CreateDirectory(BucketPath(harness, "media"));
        Directory.CreateDirectory(BucketPath(harness, "thumbnail"));
        File.WriteAllBytes(BucketPath(harness, "media", name), [1]);
        File.WriteAllBytes(BucketPath(harness, "thumbnail", name), [2]);

        (await Run(harness, deleteList: true)).Select(s => s.Name).Should().Equal(name);

        File.ReadAllBytes(BucketPath(harness, "media", name)).Should().Equal(Png);
        File.Exists(BucketPath(harness, "thumbnail", name)).Should().BeFalse();
    }

    [Fact]
    public async Task A_long_suggested_name_stays_a_valid_name_after_md_is_added()
    {
        using var harness = Harness();
        WriteList(harness, $$"""[{"url": "{{_server.BaseUrl}}/long"}]""");

        var stored = await Run(harness, deleteList: true);

        var name = stored.Should().ContainSingle().Which.Name;
        Encoding.UTF8.GetByteCount(name).Should().BeLessThanOrEqualTo(100);
        name.Should().EndWith(".md");
        G4F.Backend.Storage.SafeName.Sanitize(name).Should().Be(name);
        File.Exists(BucketPath(harness, name)).Should().BeTrue();
    }

    [Fact]
    public async Task A_kept_list_runs_once_until_it_is_replaced()
    {
        using var harness = Harness();
        WriteList(harness, $$"""[{"url": "{{_server.BaseUrl}}/notes.txt"}]""");

        (await Run(harness, deleteList: false)).Should().HaveCount(1);
        (await Run(harness, deleteList: false)).Should().BeEmpty("the same list was run already");
        _server.Requests.Should().Equal("/notes.txt");

        File.SetLastWriteTimeUtc(BucketPath(harness, "downloads.json"), DateTime.UtcNow.AddMinutes(1));
        (await Run(harness, deleteList: false)).Select(s => s.Name).Should().Equal("notes.txt-2.md");
        _server.Requests.Should().Equal("/notes.txt", "/notes.txt");
    }

    [Fact]
    public async Task A_read_while_another_read_runs_the_list_skips_the_downloads()
    {
        using var harness = Harness();
        WriteList(harness, $$"""[{"url": "{{_server.BaseUrl}}/slow.png"}]""");
        using var cancel = new CancellationTokenSource();
        var first = harness.Get<BucketDownloads>().RunAsync(BucketId, false, (_, _) => ValueTask.CompletedTask, cancel.Token);
        await _stalled;

        var second = await Run(harness, deleteList: false);
        await cancel.CancelAsync();

        second.Should().BeEmpty();
        _server.Requests.Should().Equal("/slow.png");
        await FluentActions.Awaiting(() => first).Should().ThrowAsync<OperationCanceledException>();
    }

    [Fact]
    public async Task A_run_stops_when_its_time_budget_is_spent()
    {
        using var harness = Harness(o =>
        {
            o.Downloads.Timeout = TimeSpan.FromHours(1);
            o.Downloads.ListTimeout = TimeSpan.FromMinutes(1);
        });
        WriteList(harness, $$"""[{"urls": ["{{_server.BaseUrl}}/slow.png", "{{_server.BaseUrl}}/notes.txt"]}]""");
        var running = Run(harness, deleteList: true);
        await _stalled;

        harness.Time.Advance(TimeSpan.FromMinutes(1));
        var stored = await running.WaitAsync(TimeSpan.FromSeconds(30));

        stored.Should().BeEmpty();
        _server.Requests.Should().Equal("/slow.png");
    }

    [Fact]
    public async Task A_converter_crash_skips_that_url_and_the_rest_is_stored()
    {
        using var harness = Harness(services: s => s.AddSingleton<IDocumentConverter, ThrowingTextConverter>());
        WriteList(harness, $$"""[{"urls": ["{{_server.BaseUrl}}/notes.txt", "{{_server.BaseUrl}}/img/cat.png"]}]""");

        var stored = await Run(harness, deleteList: true);

        stored.Select(s => s.Name).Should().Equal("cat.png");
        harness.LogMessages.Should().Contain($"A download for bucket {BucketId} from 127.0.0.1 was skipped: {BucketConversion.GenericFailure}")
            .And.Contain("Converting notes.txt failed", "the conversion wrapper logs the crash itself, as for an upload");
    }

    [Fact]
    public async Task The_raw_download_does_not_count_against_the_bucket_next_to_its_markdown()
    {
        var markdown = Encoding.UTF8.GetByteCount($"buy milk\n\nSource: {_server.BaseUrl}/notes.txt\n");
        using var harness = Harness(o => o.Buckets.MaxBucketBytes = markdown + 4);
        WriteList(harness, $$"""[{"url": "{{_server.BaseUrl}}/notes.txt"}]""");

        (await Run(harness, deleteList: true)).Select(s => s.Name).Should().Equal("notes.txt.md");
    }

    [Fact]
    public async Task Stale_temporary_files_are_swept_and_fresh_ones_kept()
    {
        using var harness = Harness();
        harness.Time.SetUtcNow(DateTimeOffset.UtcNow);
        var folder = Directory.CreateDirectory(Path.Combine(harness.DataDirectory, ".staging", "downloads")).FullName;
        File.WriteAllText(Path.Combine(folder, "old.tmp"), "old");
        File.SetLastWriteTimeUtc(Path.Combine(folder, "old.tmp"), DateTime.UtcNow.AddHours(-2));
        File.WriteAllText(Path.Combine(folder, "new.tmp"), "new");
        WriteList(harness, $$"""[{"url": "{{_server.BaseUrl}}/notes.txt"}]""");

        await Run(harness, deleteList: true);

        Directory.GetFiles(folder).Select(Path.GetFileName).Should().Equal("new.tmp");
    }

    private static DownloadHarness Harness(Action<G4FBackendOptions>? configure = null, Action<IServiceCollection>? services = null) =>
        new(
            o =>
            {
                DownloadHarness.AllowLoopback(o);
                configure?.Invoke(o);
            },
            services: services ?? (s => s.AddSingleton<IDocumentConverter, TagStrippingConverter>()));

    private static async Task<IReadOnlyList<BucketDownload>> Run(DownloadHarness harness, bool deleteList) =>
        await harness.Get<BucketDownloads>().RunAsync(BucketId, deleteList, (_, _) => ValueTask.CompletedTask, CancellationToken.None);

    private static void WriteList(DownloadHarness harness, string json)
    {
        Directory.CreateDirectory(BucketPath(harness));
        File.WriteAllText(BucketPath(harness, "downloads.json"), json);
    }

    private static string BucketPath(DownloadHarness harness, params string[] parts) =>
        Path.Combine([harness.DataDirectory, "buckets", BucketId, .. parts]);
}
