using FluentAssertions;
using G4F.Backend.Memory;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace G4F.Backend.Storage.Contracts;

/// <summary>
/// What every <see cref="IMemoryStore"/> guarantees: the mem0 item shapes, a posted conversation as a snapshot
/// (re-posting updates by position), pages with their total count, filters, ranked search, and users that never
/// see or delete each other's items. Each test uses users of its own, so a store over a shared database can run the suite.
/// </summary>
public abstract class MemoryStoreContract
{
    private static readonly DateTimeOffset Start = new(2026, 8, 21, 10, 0, 0, TimeSpan.Zero);

    /// <summary>The clock the store under test reads.</summary>
    protected FakeTimeProvider Clock { get; } = new(Start);

    /// <summary>A store to test whose clock is <paramref name="clock"/>.</summary>
    /// <param name="clock">The store's time provider.</param>
    /// <returns>The store.</returns>
    protected abstract ValueTask<IMemoryStore> CreateStoreAsync(TimeProvider clock);

    /// <summary>
    /// A store over the same data as <see cref="CreateStoreAsync(TimeProvider)"/>'s that reads a page's or a search's texts in batches of
    /// at most <paramref name="readBudget"/> (its own unit: characters or bytes), so a test crosses its batches with small
    /// items. A store that reads whole pages returns itself.
    /// </summary>
    /// <param name="clock">The store's time provider.</param>
    /// <param name="readBudget">The most text one batch reads.</param>
    /// <returns>The store.</returns>
    protected abstract ValueTask<IMemoryStore> CreateStoreAsync(TimeProvider clock, long readBudget);

    private static string NewUser() => "contract-" + Guid.NewGuid().ToString("N");

    private static MemoryMessage[] Alternating(params string[] contents) =>
        [.. contents.Select((c, i) => new MemoryMessage(i % 2 == 0 ? "user" : "assistant", c))];

    private static async Task<IReadOnlyList<MemoryItem>> AllAsync(IMemoryStore store, string user, MemoryFilter? filter = null) =>
        (await store.ListAsync(user, filter, 1, 10_000).ReadAllAsync()).Items;

    private static async Task<IReadOnlyList<string>> FindAsync(IMemoryStore store, string user, string query) =>
        [.. (await store.SearchAsync(user, query, null, 100).ReadAllAsync()).Select(r => r.Item.Content)];

    [Fact]
    public async Task A_posted_conversation_is_listed_with_every_field_newest_first()
    {
        var store = await CreateStoreAsync(Clock);
        var user = NewUser();

        (await store.AddConversationAsync(user, "c1", Alternating("hello there", "general kenobi"))).Should().Be(2);

        var page = await store.ListAsync(user, null, 1, 10).ReadAllAsync();
        page.TotalCount.Should().Be(2);
        page.Items.Select(i => (i.Position, i.Role, i.Content)).Should().Equal((1, "assistant", "general kenobi"), (0, "user", "hello there"));
        foreach (var item in page.Items)
        {
            Guid.TryParseExact(item.Id, "D", out _).Should().BeTrue("mem0 ids are UUID strings");
            item.UserId.Should().Be(user);
            item.ConversationId.Should().Be("c1");
            item.CreatedAt.Should().Be(Start);
            item.UpdatedAt.Should().Be(Start);
        }
    }

    [Fact]
    public async Task Posting_a_conversation_again_updates_by_position_and_drops_what_it_no_longer_has()
    {
        var store = await CreateStoreAsync(Clock);
        var user = NewUser();
        await store.AddConversationAsync(user, "c1", Alternating("one", "two", "three"));
        var before = (await AllAsync(store, user)).ToDictionary(i => i.Position);

        Clock.Advance(TimeSpan.FromMinutes(5));
        (await store.AddConversationAsync(user, "c1", Alternating("one", "two, edited"))).Should().Be(2);

        var after = (await AllAsync(store, user)).ToDictionary(i => i.Position);
        after.Keys.Should().BeEquivalentTo([0, 1]);
        after[0].Id.Should().Be(before[0].Id);
        after[0].UpdatedAt.Should().Be(Start, "an unchanged item is not touched");
        after[1].Id.Should().Be(before[1].Id, "an id is stable for its user, conversation and position");
        after[1].Content.Should().Be("two, edited");
        after[1].CreatedAt.Should().Be(Start);
        after[1].UpdatedAt.Should().Be(Start.AddMinutes(5));
    }

    [Fact]
    public async Task Items_without_content_are_not_stored()
    {
        var store = await CreateStoreAsync(Clock);
        var user = NewUser();

        (await store.AddConversationAsync(user, "c1", [new("user", "kept"), new("assistant", string.Empty)])).Should().Be(1);

        (await AllAsync(store, user)).Select(i => i.Content).Should().Equal("kept");
    }

    [Fact]
    public async Task Pages_cover_every_item_once_and_carry_the_total()
    {
        var store = await CreateStoreAsync(Clock);
        var user = NewUser();
        for (var i = 0; i < 5; i++)
        {
            await store.AddConversationAsync(user, $"c{i}", [new("user", $"item {i}")]);
            Clock.Advance(TimeSpan.FromSeconds(1));
        }

        var pages = new List<MemoryReads.ReadPage>();
        for (var page = 1; page <= 4; page++)
        {
            pages.Add(await store.ListAsync(user, null, page, 2).ReadAllAsync());
        }

        pages.Select(p => p.TotalCount).Should().AllBeEquivalentTo(5);
        pages.Select(p => p.Items.Count).Should().Equal(2, 2, 1, 0);
        pages.SelectMany(p => p.Items).Select(i => i.Content).Should().Equal("item 4", "item 3", "item 2", "item 1", "item 0");
    }

    [Fact]
    public async Task Filters_narrow_the_list_and_its_total()
    {
        var store = await CreateStoreAsync(Clock);
        var user = NewUser();
        await store.AddConversationAsync(user, "early", Alternating("a question", "an answer"));
        Clock.Advance(TimeSpan.FromHours(1));
        await store.AddConversationAsync(user, "late", Alternating("b question", "b answer"));

        var byConversation = await store.ListAsync(user, new MemoryFilter { ConversationIds = ["late"] }, 1, 10).ReadAllAsync();
        byConversation.TotalCount.Should().Be(2);
        byConversation.Items.Should().OnlyContain(i => i.ConversationId == "late");

        var byRole = await store.ListAsync(user, new MemoryFilter { Roles = ["user"] }, 1, 1).ReadAllAsync();
        byRole.TotalCount.Should().Be(2);
        byRole.Items.Select(i => i.Content).Should().Equal("b question");

        var byTime = await AllAsync(store, user, new MemoryFilter { CreatedTo = Start.AddMinutes(30) });
        byTime.Select(i => i.ConversationId).Should().OnlyContain(c => c == "early").And.HaveCount(2);
        (await AllAsync(store, user, new MemoryFilter { CreatedFrom = Start.AddHours(1) })).Should().HaveCount(2, "bounds are inclusive");

        var none = await store.ListAsync(user, new MemoryFilter { Roles = [] }, 1, 10).ReadAllAsync();
        none.TotalCount.Should().Be(0);
        none.Items.Should().BeEmpty();
    }

    [Fact]
    public async Task A_user_never_sees_searches_or_deletes_another_users_items()
    {
        var store = await CreateStoreAsync(Clock);
        var (alice, bob) = (NewUser(), NewUser());
        await store.AddConversationAsync(alice, "shared-id", [new("user", "alice likes tea")]);
        await store.AddConversationAsync(bob, "shared-id", [new("user", "bob likes tea")]);
        var bobs = (await AllAsync(store, bob)).Single();

        (await AllAsync(store, alice)).Select(i => i.Content).Should().Equal("alice likes tea");
        (await FindAsync(store, alice, "tea")).Should().Equal("alice likes tea");
        (await store.ListAsync(alice, new MemoryFilter { ConversationIds = ["shared-id"] }, 1, 10).ReadAllAsync()).TotalCount.Should().Be(1);

        (await store.DeleteAsync(alice, bobs.Id)).Should().BeFalse();
        (await store.DeleteAllAsync(alice)).Should().Be(1);

        (await AllAsync(store, bob)).Should().ContainSingle().Which.Should().Be(bobs);
        (await FindAsync(store, bob, "tea")).Should().Equal("bob likes tea");
    }

    [Fact]
    public async Task Search_ranks_an_item_with_the_query_terms_above_one_without()
    {
        var store = await CreateStoreAsync(Clock);
        var user = NewUser();
        await store.AddConversationAsync(user, "c1", Alternating("the weather is mild today", "a recipe for lemon cake", "lemon trees need sun"));

        var results = await store.SearchAsync(user, "lemon cake", null, 10).ReadAllAsync();

        results.Should().NotBeEmpty();
        results[0].Item.Content.Should().Be("a recipe for lemon cake");
        results.Select(r => r.Item.Content).Should().NotContain("the weather is mild today");
        results.Should().OnlyContain(r => r.Score >= 0 && r.Score < 1);
        results.Select(r => r.Score).Should().BeInDescendingOrder();
        (await store.SearchAsync(user, "lemon", null, 1).ReadAllAsync()).Should().HaveCount(1, "the limit is the most results");
        (await store.SearchAsync(user, "lemon", new MemoryFilter { Roles = ["assistant"] }, 10).ReadAllAsync()).Select(r => r.Item.Content).Should().Equal("a recipe for lemon cake");
    }

    [Fact]
    public async Task A_query_without_words_finds_nothing()
    {
        var store = await CreateStoreAsync(Clock);
        var user = NewUser();
        await store.AddConversationAsync(user, "c1", [new("user", "anything at all")]);

        (await store.SearchAsync(user, "  \"\" * ", null, 10).ReadAllAsync()).Should().BeEmpty();
    }

    [Fact]
    public async Task An_id_no_item_has_is_not_found_whatever_its_characters()
    {
        // A host may hand any string to MemoryService.DeleteAsync; ids are UUIDs, so a NUL, a quote or a wildcard names
        // nothing, and the answer is "not found" (a database text column cannot even hold the NUL).
        var store = await CreateStoreAsync(Clock);
        var user = NewUser();
        await store.AddConversationAsync(user, "c1", [new("user", "kept")]);

        foreach (var id in new[] { "a\0b", "\0", "' OR '1'='1", "%", "*", new string('x', 10_000) })
        {
            (await store.DeleteAsync(user, id)).Should().BeFalse(id.Length > 20 ? "a long id" : id);
        }

        (await AllAsync(store, user)).Select(i => i.Content).Should().Equal("kept");
    }

    [Fact]
    public async Task Deleted_items_are_gone_from_list_and_search()
    {
        var store = await CreateStoreAsync(Clock);
        var user = NewUser();
        await store.AddConversationAsync(user, "c1", Alternating("violet sunset", "violet dawn"));
        var sunset = (await AllAsync(store, user)).Single(i => i.Content == "violet sunset");

        (await store.DeleteAsync(user, sunset.Id)).Should().BeTrue();
        (await store.DeleteAsync(user, sunset.Id)).Should().BeFalse();

        (await FindAsync(store, user, "violet")).Should().Equal("violet dawn");
        (await store.DeleteAllAsync(user)).Should().Be(1);
        (await FindAsync(store, user, "violet")).Should().BeEmpty();
        (await store.ListAsync(user, null, 1, 10).ReadAllAsync()).TotalCount.Should().Be(0);
    }

    [Fact]
    public async Task A_page_or_search_read_in_batches_holds_every_item_whole_and_in_order()
    {
        var whole = await CreateStoreAsync(Clock);
        var batched = await CreateStoreAsync(Clock, readBudget: 24);
        var user = NewUser();
        string[] sizes = ["tiny lark", new string('a', 40) + " lark", "lark of middling length here", "lark", new string('b', 23) + " lark", "lark again"];
        for (var i = 0; i < sizes.Length; i++)
        {
            await whole.AddConversationAsync(user, $"c{i}", [new("user", sizes[i]), new("assistant", $"no bird {i}")]);
            Clock.Advance(TimeSpan.FromSeconds(1));
        }

        var expected = (await whole.ListAsync(user, null, 1, 100).ReadAllAsync()).Items;
        expected.Should().HaveCount(12);
        (await batched.ListAsync(user, null, 1, 100).ReadAllAsync()).Items.Should().Equal(expected);
        var pages = new List<MemoryItem>();
        for (var page = 1; page <= 3; page++)
        {
            pages.AddRange((await batched.ListAsync(user, null, page, 5).ReadAllAsync()).Items);
        }

        pages.Should().Equal(expected);
        var found = await batched.SearchAsync(user, "lark", null, 100).ReadAllAsync();
        found.Should().HaveCount(6).And.Equal(await whole.SearchAsync(user, "lark", null, 100).ReadAllAsync());
    }

    [Fact]
    public async Task An_item_deleted_before_its_batch_is_read_is_left_out_and_one_changed_is_read_as_it_is_then()
    {
        var store = await CreateStoreAsync(Clock, readBudget: 1);
        var user = NewUser();
        await store.AddConversationAsync(user, "c1", Alternating("first plum", "second plum", "third plum", "fourth plum"));
        var items = (await store.ListAsync(user, null, 1, 10).ReadAllAsync()).Items;
        items.Select(i => i.Content).Should().Equal("fourth plum", "third plum", "second plum", "first plum");

        var page = await store.ListAsync(user, null, 1, 10);
        var found = await store.SearchAsync(user, "plum", null, 10);
        (await store.DeleteAsync(user, items[2].Id)).Should().BeTrue();
        Clock.Advance(TimeSpan.FromSeconds(1));
        await store.AddConversationAsync(user, "c1", Alternating("first plum", "second plum", "third plum, ripe", "fourth plum"));

        page.TotalCount.Should().Be(4, "the count is the page's snapshot");
        var read = await page.Items.ToListAsync();
        read.Select(i => i.Content).Should().Equal("fourth plum", "third plum, ripe", "first plum");
        read[1].UpdatedAt.Should().Be(Clock.GetUtcNow());
        (await found.ToListAsync()).Select(r => r.Item.Content).Should().NotContain("second plum").And.HaveCount(3);
    }

    [Fact]
    public async Task Items_replaced_after_a_pages_query_never_stand_in_for_its_deleted_ones()
    {
        var store = await CreateStoreAsync(Clock, readBudget: 1);
        var user = NewUser();
        await store.AddConversationAsync(user, "old", Alternating("first plum", "second plum", "third plum", "fourth plum"));
        var page = await store.ListAsync(user, null, 1, 10);
        var found = await store.SearchAsync(user, "plum", null, 10);

        // The new items may take the deleted items' row numbers (SQLite reuses the highest ones).
        await store.DeleteAllAsync(user);
        await store.AddConversationAsync(user, "new", Alternating("first pear plum", "second pear plum", "third pear plum", "fourth pear plum"));

        (await page.Items.ToListAsync()).Select(i => i.ConversationId).Should().Equal("old");
        (await found.ToListAsync()).Select(r => r.Item.ConversationId).Should().Equal("old");
    }

    [Fact]
    public async Task A_later_batch_keeps_to_the_pages_filter()
    {
        var store = await CreateStoreAsync(Clock, readBudget: 1);
        var user = NewUser();
        await store.AddConversationAsync(user, "c1", [new("user", "one plum"), new("user", "two plums"), new("user", "three plums")]);
        var page = await store.ListAsync(user, new MemoryFilter { Roles = ["user"] }, 1, 10);

        await store.AddConversationAsync(user, "c1", [new("user", "one plum"), new("assistant", "two plums"), new("user", "three plums")]);

        page.TotalCount.Should().Be(3);
        (await page.Items.ToListAsync()).Select(i => (i.Role, i.Content)).Should().Equal(("user", "three plums"), ("user", "one plum"));
    }

    [Fact]
    public async Task A_page_or_search_is_read_once()
    {
        var store = await CreateStoreAsync(Clock);
        var user = NewUser();
        await store.AddConversationAsync(user, "c1", Alternating("a plum"));
        var page = await store.ListAsync(user, null, 1, 10);
        var found = await store.SearchAsync(user, "plum", null, 10);
        (await page.Items.CountAsync()).Should().Be(1);
        (await found.CountAsync()).Should().Be(1);

        await page.Items.Invoking(items => items.ToListAsync().AsTask()).Should().ThrowAsync<InvalidOperationException>();
        await found.Invoking(items => items.ToListAsync().AsTask()).Should().ThrowAsync<InvalidOperationException>();
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData(null)]
    public async Task A_blank_or_too_long_user_id_is_refused(string? blank)
    {
        var store = await CreateStoreAsync(Clock);

        foreach (var user in new[] { blank, new string('u', 201) })
        {
            await store.Invoking(s => s.ListAsync(user!, null, 1, 10)).Should().ThrowAsync<ArgumentException>();
            await store.Invoking(s => s.SearchAsync(user!, "x", null, 10)).Should().ThrowAsync<ArgumentException>();
            await store.Invoking(s => s.AddConversationAsync(user!, "c1", [new("user", "x")])).Should().ThrowAsync<ArgumentException>();
            await store.Invoking(s => s.DeleteAllAsync(user!)).Should().ThrowAsync<ArgumentException>();
        }
    }
}
