using G4F.Backend.Caching;
using G4F.Backend.Storage;
using G4F.Backend.Storage.Contracts;
using Microsoft.Extensions.Time.Testing;

namespace G4F.Backend.Core.Tests.Caching;

/// <summary>The file layout of the embedded cache store: readable paths for plain keys, hashes for the rest, never outside the cache's folder, and the sweep.</summary>
public sealed class FileCacheStoreTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "g4f-tests", Guid.NewGuid().ToString("N"));
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 8, 21, 10, 0, 0, TimeSpan.Zero));

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    private FileCacheStore Store(params CacheLimit[] limits) => new(DataPaths.Of(_root), _time, limits);

    private DateTimeOffset In(TimeSpan span) => _time.GetUtcNow() + span;

    private List<string> Files() =>
        [.. Directory.GetFiles(_root, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(_root, f).Replace('\\', '/')).Order(StringComparer.Ordinal)];

    [Fact]
    public async Task A_plain_key_is_its_own_path_and_any_other_key_a_hash_in_the_caches_folder()
    {
        var store = Store();
        var hex = new string('a', 64);

        await store.SetAsync("search", $"2026-08-21/{hex}.json", "[]"u8.ToArray(), In(TimeSpan.FromHours(1)));
        await store.SetAsync("create-cache", $"{hex}.txt", "text\nx"u8.ToArray(), In(TimeSpan.FromHours(1)));
        await store.SetAsync("create-cache", "../Hostile Key", "x"u8.ToArray(), In(TimeSpan.FromHours(1)));
        await store.SetAsync("create-cache", "nul.txt", "x"u8.ToArray(), In(TimeSpan.FromHours(1)));

        Files().Should().HaveCount(4);
        Files().Should().Contain([$"search/2026-08-21/{hex}.json", $"create-cache/{hex}.txt"]);
        Files().Where(f => f.StartsWith("create-cache/~", StringComparison.Ordinal) && f.EndsWith(".bin", StringComparison.Ordinal)).Should().HaveCount(2, "a hostile key and a Windows device name are hashed");
    }

    [Fact]
    public async Task Hostile_keys_never_write_outside_the_caches_folder()
    {
        var store = Store();

        foreach (var key in CacheStoreContract.HostileKeys)
        {
            await store.SetAsync("contract", key, "x"u8.ToArray(), In(TimeSpan.FromHours(1)));
        }

        Files().Should().NotBeEmpty().And.OnlyContain(f => f.StartsWith("contract/", StringComparison.Ordinal));
        Files().Should().NotContain(f => f.EndsWith(".tmp", StringComparison.Ordinal), "no temporary file stays behind");
    }

    [Fact]
    public async Task The_expiry_is_the_files_write_time()
    {
        var store = Store();
        var expiry = In(TimeSpan.FromDays(7));

        await store.SetAsync("c", "k.txt", "v"u8.ToArray(), expiry);

        File.GetLastWriteTimeUtc(Path.Combine(_root, "c", "k.txt")).Should().Be(expiry.UtcDateTime);
    }

    [Fact]
    public async Task The_sweep_removes_expired_entries_then_those_expiring_first_beyond_the_cap_then_empty_folders()
    {
        var store = Store(new CacheLimit("c", 3));
        await store.SetAsync("c", "old/a.txt", "a"u8.ToArray(), In(TimeSpan.FromMinutes(20))); // the first store sweeps an empty cache
        foreach (var (key, hours) in new[] { ("b.txt", 5), ("c.txt", 4), ("d.txt", 3) })
        {
            await store.SetAsync("c", key, "x"u8.ToArray(), In(TimeSpan.FromHours(hours)));
        }

        await store.SetAsync("other", "kept.txt", "x"u8.ToArray(), In(TimeSpan.FromMinutes(20)));
        Files().Should().HaveCount(5, "within ten minutes of a cache's sweep there is none");

        _time.Advance(TimeSpan.FromMinutes(30));
        await store.SetAsync("c", "e.txt", "x"u8.ToArray(), In(TimeSpan.FromHours(6)));

        Files().Should().Equal("c/b.txt", "c/c.txt", "c/e.txt", "other/kept.txt");
        Directory.Exists(Path.Combine(_root, "c", "old")).Should().BeFalse("an emptied folder goes too");
    }

    [Fact]
    public async Task A_file_where_the_caches_folder_should_be_fails_the_write_and_reads_as_a_miss()
    {
        Directory.CreateDirectory(_root);
        await File.WriteAllTextAsync(Path.Combine(_root, "c"), "a file where the folder should be");
        var store = Store();

        await store.Invoking(s => s.SetAsync("c", "k.txt", "v"u8.ToArray(), In(TimeSpan.FromHours(1)))).Should().ThrowAsync<IOException>();
        (await store.GetAsync("c", "k.txt")).Should().BeNull();
    }
}
