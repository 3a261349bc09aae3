using G4F.Backend.Caching;
using G4F.Backend.QuickAnswers;
using G4F.Backend.Storage;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace G4F.Backend.Core.Tests.QuickAnswers;

public sealed class QuickAnswerCacheTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "g4f-tests", Guid.NewGuid().ToString("N"));
    private readonly QuickAnswerOptions _options = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 8, 21, 10, 0, 0, TimeSpan.Zero));
    private readonly FileCacheStore _store;
    private readonly QuickAnswerCache _cache;

    public QuickAnswerCacheTests()
    {
        _store = new FileCacheStore(DataPaths.Of(_root), _time, [new CacheLimit(QuickAnswerCache.Name, 3)]);
        _cache = new QuickAnswerCache(_store, Options.Create(_options), _time, NullLogger<QuickAnswerCache>.Instance);
    }

    private string Folder => Path.Combine(_root, QuickAnswerCache.Name);

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    [Fact]
    public async Task Text_and_media_answers_round_trip_with_their_kind_one_file_each_under_create_cache()
    {
        await _cache.StoreAsync("a", new CachedAnswer("line one\nline two\n", IsMedia: false), default);
        await _cache.StoreAsync("b", new CachedAnswer("/media/1_x_0011223344556677.png?url=https%3A//e.example/x.png", IsMedia: true), default);

        (await _cache.ReadAsync("a", default)).Should().Be(new CachedAnswer("line one\nline two\n", false));
        (await _cache.ReadAsync("b", default)).Should().Be(new CachedAnswer("/media/1_x_0011223344556677.png?url=https%3A//e.example/x.png", true));
        (await _cache.ReadAsync("c", default)).Should().BeNull();
        Directory.GetFiles(Folder).Select(Path.GetFileName).Should().BeEquivalentTo(["a.txt", "b.txt"], "no temporary file stays behind");
        (await File.ReadAllTextAsync(Path.Combine(Folder, "a.txt"))).Should().Be("text\nline one\nline two\n", "the layout is today's: a kind line, then the answer");
    }

    [Fact]
    public async Task An_empty_answer_is_never_stored_and_a_damaged_entry_reads_as_a_miss()
    {
        await _cache.StoreAsync("empty", new CachedAnswer(string.Empty, false), default);
        await _store.SetAsync(QuickAnswerCache.Name, "odd.txt", "neither\nkind"u8.ToArray(), _time.GetUtcNow().AddHours(1));

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
        _time.Advance(TimeSpan.FromMinutes(2));
        await _cache.StoreAsync("new", new CachedAnswer("fresh", false), default);

        _time.Advance(TimeSpan.FromDays(7) - TimeSpan.FromMinutes(1));

        (await _cache.ReadAsync("old", default)).Should().BeNull();
        (await _cache.ReadAsync("new", default)).Should().Be(new CachedAnswer("fresh", false));
    }

    [Fact]
    public async Task The_store_keeps_at_most_the_configured_number_of_answers()
    {
        foreach (var key in new[] { "a", "b", "c", "d" })
        {
            await _cache.StoreAsync(key, new CachedAnswer(key, false), default);
            _time.Advance(TimeSpan.FromMinutes(4));
        }

        Directory.GetFiles(Folder).Select(Path.GetFileNameWithoutExtension).Should().BeEquivalentTo(["b", "c", "d"],
            "the sweep ten minutes after the first kept the two newest beside the new answer");
    }

    [Fact]
    public async Task A_zero_duration_turns_the_cache_off_and_a_broken_folder_never_fails_a_store()
    {
        Directory.CreateDirectory(_root);
        await File.WriteAllTextAsync(Folder, "a file where the folder should be");

        await _cache.StoreAsync("k", new CachedAnswer("answer", false), default);
        (await _cache.ReadAsync("k", default)).Should().BeNull();

        _options.CacheDuration = TimeSpan.Zero;
        _cache.Enabled.Should().BeFalse();
    }
}
