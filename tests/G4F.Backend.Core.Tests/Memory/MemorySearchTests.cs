using G4F.Backend.Memory;
using G4F.Backend.Storage.Contracts;

namespace G4F.Backend.Core.Tests.Memory;

/// <summary>FTS5 search: BM25 order, prefixes, phrases, filters.</summary>
public sealed class MemorySearchTests : IDisposable
{
    private readonly MemoryHarness _memory = new();

    public void Dispose() => _memory.Dispose();

    private async Task SeedAsync()
    {
        await _memory.AddAsync("alice", "home",
            "I live in Berlin",
            "Berlin: I go there in winter to live with friends",
            "The rent in Berlin is high",
            "My favourite café is in München");
        _memory.Time.Advance(TimeSpan.FromHours(1));
        await _memory.AddAsync("alice", "work",
            "I work as a gardener",
            "Gardening books are my hobby",
            "Remind me to water the plants",
            "Borrowed a book about birds");
    }

    [Fact]
    public async Task Items_matching_more_and_rarer_words_rank_first_with_scores_in_descending_order()
    {
        await SeedAsync();

        var results = await _memory.Store.SearchAsync("alice", "berlin rent", null, 10).ReadAllAsync();

        results[0].Item.Content.Should().Be("The rent in Berlin is high");
        results.Select(r => r.Item.Content).Should().BeEquivalentTo(
            ["The rent in Berlin is high", "I live in Berlin", "Berlin: I go there in winter to live with friends"]);
        results.Select(r => r.Score).Should().BeInDescendingOrder().And.OnlyContain(s => s > 0 && s < 1);
    }

    [Fact]
    public async Task A_starred_word_is_a_prefix_and_a_plain_word_is_not()
    {
        await SeedAsync();

        (await _memory.SearchAsync("alice", "garden*")).Should().BeEquivalentTo(["I work as a gardener", "Gardening books are my hobby"]);
        (await _memory.SearchAsync("alice", "garden")).Should().BeEmpty();
        (await _memory.SearchAsync("alice", "bo*")).Should().BeEquivalentTo(["Gardening books are my hobby", "Borrowed a book about birds"]);
    }

    [Fact]
    public async Task Quoted_words_are_a_phrase()
    {
        await SeedAsync();

        (await _memory.SearchAsync("alice", "\"live in Berlin\"")).Should().Equal("I live in Berlin");
        (await _memory.SearchAsync("alice", "\"Berlin live\"")).Should().BeEmpty();
        (await _memory.SearchAsync("alice", "\"water the pla\"*")).Should().Equal("Remind me to water the plants");
    }

    [Fact]
    public async Task Case_and_diacritics_do_not_matter()
    {
        await SeedAsync();

        (await _memory.SearchAsync("alice", "MUNCHEN")).Should().Equal("My favourite café is in München");
        (await _memory.SearchAsync("alice", "cafe")).Should().Equal("My favourite café is in München");
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("*")]
    [InlineData("\"\"")]
    [InlineData("()")]
    [InlineData("?!")]
    public async Task Text_without_words_finds_nothing(string query)
    {
        await SeedAsync();

        (await _memory.SearchAsync("alice", query)).Should().BeEmpty();
    }

    [Fact]
    public async Task Filters_narrow_the_matches_and_limit_caps_them()
    {
        await SeedAsync();

        (await _memory.SearchAsync("alice", "in my", new MemoryFilter { ConversationIds = ["work"] })).Should().BeEquivalentTo(["Gardening books are my hobby"]);
        (await _memory.SearchAsync("alice", "berlin", new MemoryFilter { Roles = ["assistant"] })).Should().Equal("Berlin: I go there in winter to live with friends");
        (await _memory.SearchAsync("alice", "i", new MemoryFilter { CreatedFrom = MemoryHarness.Start.AddMinutes(30) })).Should().Equal("I work as a gardener");
        (await _memory.SearchAsync("alice", "berlin", new MemoryFilter { ConversationIds = [] })).Should().BeEmpty();
        (await _memory.SearchAsync("alice", "berlin", limit: 2)).Should().HaveCount(2);
    }

    [Fact]
    public async Task Filters_in_the_list_by_conversation_role_and_time_ranges()
    {
        await SeedAsync();
        var later = MemoryHarness.Start.AddHours(1);

        (await _memory.AllAsync("alice", new MemoryFilter { ConversationIds = ["work"], Roles = ["user"] })).Select(i => i.Content)
            .Should().BeEquivalentTo(["I work as a gardener", "Remind me to water the plants"]);
        (await _memory.AllAsync("alice", new MemoryFilter { CreatedFrom = later })).Should().HaveCount(4);
        (await _memory.AllAsync("alice", new MemoryFilter { CreatedTo = later.AddMilliseconds(-1) })).Should().HaveCount(4);
        (await _memory.AllAsync("alice", new MemoryFilter { CreatedFrom = later, CreatedTo = later })).Should().HaveCount(4);
        (await _memory.AllAsync("alice", new MemoryFilter { UpdatedTo = MemoryHarness.Start.AddMilliseconds(-1) })).Should().BeEmpty();
        (await _memory.Store.ListAsync("alice", new MemoryFilter { Roles = ["user"] }, 1, 1).ReadAllAsync()).TotalCount.Should().Be(4);
    }

    [Fact]
    public async Task Hostile_text_never_breaks_the_query()
    {
        await SeedAsync();
        var random = new Random(1234);
        const string Alphabet = "\"*()^:-+{}[]NEAROANDT bé😀\0'\\;%_\uD800";
        for (var i = 0; i < 500; i++)
        {
            var text = new string([.. Enumerable.Range(0, random.Next(1, 24)).Select(_ => Alphabet[random.Next(Alphabet.Length)])]);

            var results = await _memory.Store.SearchAsync("alice", text, null, 10).ReadAllAsync();

            results.Should().NotContain(r => r.Item.UserId != "alice", text);
        }
    }
}
