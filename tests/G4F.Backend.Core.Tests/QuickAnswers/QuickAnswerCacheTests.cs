using G4F.Backend.QuickAnswers;
using G4F.Backend.Storage;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace G4F.Backend.Core.Tests.QuickAnswers;

public sealed class QuickAnswerCacheTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "g4f-tests", Guid.NewGuid().ToString("N"));
    private readonly G4FBackendOptions _options;
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 8, 21, 10, 0, 0, TimeSpan.Zero));
    private readonly QuickAnswerCache _cache;

    public QuickAnswerCacheTests()
    {
        _options = new G4FBackendOptions { DataDirectory = _root };
        var options = Options.Create(_options);
        _cache = new QuickAnswerCache(DataPaths.Of(options.Value.DataDirectory), options, _time, NullLogger<QuickAnswerCache>.Instance);
    }

    private string FileOf(string key) => Path.Combine(_root, QuickAnswerCache.Folder, key + ".txt");

    // Files carry the real clock's time: each is dated on the fake clock, as if written then.
    private void Date(string key, TimeSpan ago) => File.SetLastWriteTimeUtc(FileOf(key), (_time.GetUtcNow() - ago).UtcDateTime);

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    [Fact]
    public async Task Text_and_media_answers_round_trip_with_their_kind()
    {
        await _cache.StoreAsync("a", new CachedAnswer("line one\nline two\n", IsMedia: false), default);
        await _cache.StoreAsync("b", new CachedAnswer("/media/1_x_0011223344556677.png?url=https%3A//e.example/x.png", IsMedia: true), default);

        (await _cache.ReadAsync("a", default)).Should().Be(new CachedAnswer("line one\nline two\n", false));
        (await _cache.ReadAsync("b", default)).Should().Be(new CachedAnswer("/media/1_x_0011223344556677.png?url=https%3A//e.example/x.png", true));
        (await _cache.ReadAsync("c", default)).Should().BeNull();
        Directory.GetFiles(Path.Combine(_root, QuickAnswerCache.Folder)).Should().HaveCount(2, "no temporary file stays behind");
    }

    [Fact]
    public async Task An_empty_answer_is_never_stored_and_a_damaged_file_reads_as_a_miss()
    {
        await _cache.StoreAsync("empty", new CachedAnswer(string.Empty, false), default);
        Directory.CreateDirectory(Path.Combine(_root, QuickAnswerCache.Folder));
        await File.WriteAllTextAsync(Path.Combine(_root, QuickAnswerCache.Folder, "odd.txt"), "neither\nkind");

        (await _cache.ReadAsync("empty", default)).Should().BeNull();
        (await _cache.ReadAsync("odd", default)).Should().BeNull();
    }

    [Fact]
    public void Keys_differ_by_value_and_by_parameters_and_are_file_safe()
    {
        var request = new QuickAnswerRequest("../../etc/passwd", "m", null);
        var parameters = QuickAnswerService.Parameters(request);

        var key = QuickAnswerCache.KeyOf("1", parameters);

        key.Should().MatchRegex("^[0-9a-f]{64}$");
        QuickAnswerCache.KeyOf("2", parameters).Should().NotBe(key);
        QuickAnswerCache.KeyOf("1", QuickAnswerService.Parameters(request with { Provider = "Other" })).Should().NotBe(key);
        QuickAnswerCache.KeyOf("1", QuickAnswerService.Parameters(request with { Audio = true })).Should().NotBe(key);
        QuickAnswerCache.KeyOf("1", QuickAnswerService.Parameters(request with { Filter = "json" })).Should().Be(key, "the raw answer is cached; filtering happens when it is served");
        parameters.Should().Be("""{"audio":false,"messages":[{"content":"../../etc/passwd","role":"user"}],"model":"m","provider":null,"web_search":null}""");
    }

    [Fact]
    public async Task An_answer_older_than_the_cache_duration_is_a_miss()
    {
        await _cache.StoreAsync("old", new CachedAnswer("stale", false), default);
        await _cache.StoreAsync("new", new CachedAnswer("fresh", false), default);
        Date("old", TimeSpan.FromDays(7) + TimeSpan.FromMinutes(1));
        Date("new", TimeSpan.FromDays(7) - TimeSpan.FromMinutes(1));

        (await _cache.ReadAsync("old", default)).Should().BeNull();
        (await _cache.ReadAsync("new", default)).Should().Be(new CachedAnswer("fresh", false));
    }

    [Fact]
    public async Task The_sweep_removes_expired_answers_and_the_oldest_beyond_the_cap()
    {
        _options.Create.MaxCacheEntries = 3;
        foreach (var (key, age) in new[] { ("a", 1), ("b", 2), ("c", 3), ("d", 4) })
        {
            await _cache.StoreAsync(key, new CachedAnswer(key, false), default);
            Date(key, TimeSpan.FromHours(age));
        }

        await _cache.StoreAsync("e", new CachedAnswer("e", false), default); // within ten minutes of the first sweep: none
        _time.Advance(TimeSpan.FromMinutes(11));
        Date("a", TimeSpan.FromDays(8));
        await _cache.StoreAsync("f", new CachedAnswer("f", false), default);

        Directory.GetFiles(Path.Combine(_root, QuickAnswerCache.Folder)).Select(Path.GetFileNameWithoutExtension).Should().BeEquivalentTo(["b", "e", "f"],
            "a expired; of the rest the two newest stay beside the new answer");
    }

    [Fact]
    public async Task A_zero_duration_turns_the_cache_off_and_a_broken_folder_never_fails_a_store()
    {
        Directory.CreateDirectory(_root);
        await File.WriteAllTextAsync(Path.Combine(_root, QuickAnswerCache.Folder), "a file where the folder should be");

        await _cache.StoreAsync("k", new CachedAnswer("answer", false), default);
        (await _cache.ReadAsync("k", default)).Should().BeNull();

        _options.Create.CacheDuration = TimeSpan.Zero;
        _cache.Enabled.Should().BeFalse();
    }
}
