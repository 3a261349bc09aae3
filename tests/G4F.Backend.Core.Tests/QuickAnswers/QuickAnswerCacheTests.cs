using G4F.Backend.QuickAnswers;
using G4F.Backend.Storage;
using Microsoft.Extensions.Options;

namespace G4F.Backend.Core.Tests.QuickAnswers;

public sealed class QuickAnswerCacheTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "g4f-tests", Guid.NewGuid().ToString("N"));
    private readonly QuickAnswerCache _cache;

    public QuickAnswerCacheTests() =>
        _cache = new QuickAnswerCache(new DataPaths(Options.Create(new G4FBackendOptions { DataDirectory = _root })));

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
}
