using G4F.Backend.Storage.Contracts;

namespace G4F.Backend.Core.Tests.Memory;

/// <summary>Storing conversations: upserts by position, times, pages, deletes.</summary>
public sealed class SqliteMemoryStoreTests : IDisposable
{
    private readonly MemoryHarness _memory = new();

    public void Dispose() => _memory.Dispose();

    [Fact]
    public async Task A_posted_conversation_is_stored_item_by_item_with_its_conversation_role_and_times()
    {
        var count = await _memory.AddAsync("alice", "c1", "I live in Berlin", "Noted.");

        count.Should().Be(2);
        var items = await _memory.AllAsync("alice");
        items.Select(i => (i.Content, i.Role, i.ConversationId, i.Position, i.UserId)).Should().BeEquivalentTo(
            [("I live in Berlin", "user", "c1", 0, "alice"), ("Noted.", "assistant", "c1", 1, "alice")]);
        items.Should().OnlyContain(i => i.CreatedAt == MemoryHarness.Start && i.UpdatedAt == MemoryHarness.Start);
        items.Select(i => i.Id).Should().OnlyHaveUniqueItems().And.AllSatisfy(id => Guid.TryParse(id, out _).Should().BeTrue());
    }

    [Fact]
    public async Task Posting_the_same_conversation_again_changes_nothing()
    {
        await _memory.AddAsync("alice", "c1", "I live in Berlin", "Noted.");
        var before = await _memory.AllAsync("alice");
        _memory.Time.Advance(TimeSpan.FromHours(1));

        var count = await _memory.AddAsync("alice", "c1", "I live in Berlin", "Noted.");

        count.Should().Be(2);
        (await _memory.AllAsync("alice")).Should().BeEquivalentTo(before, "ids, texts and both times stay as they were");
        (await _memory.SearchAsync("alice", "berlin")).Should().Equal("I live in Berlin");
    }

    [Fact]
    public async Task An_edited_item_keeps_its_id_and_creation_time_and_gets_a_new_update_time()
    {
        await _memory.AddAsync("alice", "c1", "I live in Berlin", "Noted.");
        var before = await _memory.AllAsync("alice");
        _memory.Time.Advance(TimeSpan.FromMinutes(5));

        await _memory.AddAsync("alice", "c1", "I live in Hamburg", "Noted.", "Anything else?");

        var after = (await _memory.AllAsync("alice")).ToDictionary(i => i.Position);
        after.Should().HaveCount(3);
        after[0].Should().Be(before.Single(i => i.Position == 0) with { Content = "I live in Hamburg", UpdatedAt = MemoryHarness.Start.AddMinutes(5) });
        after[1].Should().Be(before.Single(i => i.Position == 1));
        after[2].CreatedAt.Should().Be(MemoryHarness.Start.AddMinutes(5));
        (await _memory.SearchAsync("alice", "berlin")).Should().BeEmpty("the index follows the edit");
        (await _memory.SearchAsync("alice", "hamburg")).Should().Equal("I live in Hamburg");
    }

    [Fact]
    public async Task A_shorter_conversation_drops_the_positions_it_no_longer_has()
    {
        await _memory.AddAsync("alice", "c1", "one", "two", "three");
        await _memory.AddAsync("alice", "c2", "other");

        await _memory.AddAsync("alice", "c1", "one");

        (await _memory.AllAsync("alice")).Select(i => i.Content).Should().BeEquivalentTo(["one", "other"]);
        (await _memory.SearchAsync("alice", "three")).Should().BeEmpty();
    }

    [Fact]
    public async Task Empty_items_are_neither_stored_nor_counted_and_keep_their_position_empty()
    {
        var count = await _memory.AddAsync("alice", "c1", "first", "", "third");

        count.Should().Be(2);
        (await _memory.AllAsync("alice")).Select(i => i.Position).Should().BeEquivalentTo([0, 2]);

        await _memory.AddAsync("alice", "c1", "", "second");
        (await _memory.AllAsync("alice")).Select(i => (i.Position, i.Content)).Should().Equal((1, "second"));
    }

    [Fact]
    public async Task Pages_are_newest_first_and_cover_every_item_exactly_once()
    {
        for (var c = 0; c < 5; c++)
        {
            await _memory.AddAsync("alice", $"c{c}", $"c{c} a", $"c{c} b", $"c{c} c");
            _memory.Time.Advance(TimeSpan.FromSeconds(1));
        }

        var pages = new List<MemoryReads.ReadPage>();
        for (var page = 1; page <= 4; page++)
        {
            pages.Add(await _memory.Store.ListAsync("alice", null, page, 4).ReadAllAsync());
        }

        pages.Should().OnlyContain(p => p.TotalCount == 15);
        pages.Select(p => p.Items.Count).Should().Equal(4, 4, 4, 3);
        var all = pages.SelectMany(p => p.Items).ToList();
        all.Select(i => i.Id).Should().OnlyHaveUniqueItems().And.HaveCount(15);
        all.Select(i => i.CreatedAt).Should().BeInDescendingOrder();
        all.Take(3).Select(i => i.Content).Should().Equal("c4 c", "c4 b", "c4 a");
    }

    [Fact]
    public async Task A_page_past_the_end_is_empty_and_still_counts_the_items()
    {
        await _memory.AddAsync("alice", "c1", "one", "two");

        var page = await _memory.Store.ListAsync("alice", null, 3, 2).ReadAllAsync();

        page.TotalCount.Should().Be(2);
        page.Items.Should().BeEmpty();
        (await _memory.Store.ListAsync("nobody", null, 1, 10).ReadAllAsync()).Should().BeEquivalentTo(new MemoryReads.ReadPage(0, []));
    }

    [Fact]
    public async Task Deleting_one_item_or_all_items_of_a_user()
    {
        await _memory.AddAsync("alice", "c1", "one", "two", "three");
        var first = (await _memory.AllAsync("alice")).First();

        (await _memory.Store.DeleteAsync("alice", first.Id)).Should().BeTrue();
        (await _memory.Store.DeleteAsync("alice", first.Id)).Should().BeFalse();
        (await _memory.Store.DeleteAsync("alice", "no-such-id")).Should().BeFalse();
        (await _memory.AllAsync("alice")).Should().HaveCount(2);
        (await _memory.SearchAsync("alice", first.Content)).Should().BeEmpty();

        (await _memory.Store.DeleteAllAsync("alice")).Should().Be(2);
        (await _memory.Store.DeleteAllAsync("alice")).Should().Be(0);
        (await _memory.AllAsync("alice")).Should().BeEmpty();
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public async Task Blank_or_overlong_user_ids_are_refused(string userId)
    {
        await FluentActions.Awaiting(() => _memory.AddAsync(userId, "c1", "x")).Should().ThrowAsync<ArgumentException>();
        await FluentActions.Awaiting(() => _memory.Store.ListAsync(new string('u', 201), null, 1, 1).ReadAllAsync()).Should().ThrowAsync<ArgumentException>();
        await FluentActions.Awaiting(() => _memory.Store.AddConversationAsync("alice", new string('c', 201), [])).Should().ThrowAsync<ArgumentException>();
    }

    [Fact]
    public async Task User_ids_are_free_strings_up_to_200_characters()
    {
        string[] users = ["../../etc/passwd", "a/b\\c", "名前", "user with spaces", new string('x', 200), "' OR 1=1 --"];
        foreach (var user in users)
        {
            await _memory.AddAsync(user, "c1", $"item of {user}");
        }

        foreach (var user in users)
        {
            (await _memory.AllAsync(user)).Select(i => i.Content).Should().Equal($"item of {user}");
        }

        Directory.GetFiles(_memory.DataDirectory, "*", SearchOption.AllDirectories).Select(Path.GetFileName)
            .Should().OnlyContain(name => name!.StartsWith("memory.db", StringComparison.Ordinal));
    }
}
