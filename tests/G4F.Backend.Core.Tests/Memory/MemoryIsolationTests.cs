using G4F.Backend.Memory;
using G4F.Backend.Storage.Contracts;

namespace G4F.Backend.Core.Tests.Memory;

/// <summary>No call made for one user ever reads, changes or deletes another user's items.</summary>
public sealed class MemoryIsolationTests : IDisposable
{
    private readonly MemoryHarness _memory = new();

    public void Dispose() => _memory.Dispose();

    private async Task SeedAsync()
    {
        // The same words for everyone, and user ids that differ only slightly.
        foreach (var user in new[] { "alice", "bob", "Alice", "alice ", "alice%", "al" })
        {
            await _memory.AddAsync(user, "shared", $"secret of {user}: Berlin user_id OR NEAR token", "user_token content rowid");
        }
    }

    [Theory]
    [InlineData("\") OR user_id:*", 0)]
    [InlineData("*", 0)]
    [InlineData("NEAR(", 1)]
    [InlineData("NEAR(secret berlin, 5)", 1)]
    [InlineData("\"", 0)]
    [InlineData("\"\"\"", 0)]
    [InlineData("secret\" OR \"bob", 1)]
    [InlineData("user_token : *", 2)]
    [InlineData("{user_token content} : secret", 2)]
    [InlineData("secret) OR (bob", 1)]
    [InlineData("NOT secret", 1)]
    [InlineData("^secret", 1)]
    [InlineData("-secret", 1)]
    [InlineData("s*", 0)]
    [InlineData("' OR 1=1 --", 1)]
    [InlineData("secret OR bob OR alice", 1)]
    [InlineData("bob", 0)]
    public async Task Crafted_search_text_only_ever_finds_the_users_own_items(string query, int expected)
    {
        await SeedAsync();

        var alice = await _memory.Store.SearchAsync("alice", query, null, 1000).ReadAllAsync();
        var stranger = await _memory.Store.SearchAsync("mallory", query, null, 1000).ReadAllAsync();

        alice.Should().HaveCount(expected).And.NotContain(r => r.Item.UserId != "alice");
        alice.Select(r => r.Item.Content).Should().NotContain(c => c.Contains("bob", StringComparison.Ordinal) || c.Contains("Alice", StringComparison.Ordinal));
        stranger.Should().BeEmpty();
    }

    [Fact]
    public async Task Lists_and_filters_are_scoped_to_the_exact_user_id()
    {
        await SeedAsync();

        (await _memory.AllAsync("alice")).Should().HaveCount(2).And.OnlyContain(i => i.UserId == "alice");
        (await _memory.AllAsync("alice", new MemoryFilter { ConversationIds = ["shared"], Roles = ["user", "assistant"] })).Should().HaveCount(2);
        (await _memory.AllAsync("ALICE")).Should().BeEmpty();
        (await _memory.AllAsync("a")).Should().BeEmpty();
        MemoryFilterParser.TryParse("alice", """{"user_id":"bob"}""", null, out _, out var error).Should().BeFalse();
        error.Should().Contain("user_id");
    }

    [Fact]
    public async Task The_same_conversation_id_under_two_users_is_two_separate_conversations()
    {
        await SeedAsync();

        await _memory.AddAsync("bob", "shared", "bob rewrote it");

        (await _memory.AllAsync("alice")).Select(i => i.Content).Should().Contain("user_token content rowid");
        (await _memory.AllAsync("bob")).Select(i => i.Content).Should().Equal("bob rewrote it");
        (await _memory.AllAsync("alice")).Select(i => i.Id).Should().NotIntersectWith((await _memory.AllAsync("bob")).Select(i => i.Id));
    }

    [Fact]
    public async Task Deletes_never_reach_another_user()
    {
        await SeedAsync();
        var bobs = await _memory.AllAsync("bob");

        (await _memory.Store.DeleteAsync("alice", bobs[0].Id)).Should().BeFalse();
        (await _memory.Store.DeleteAllAsync("alice")).Should().Be(2);

        (await _memory.AllAsync("bob")).Should().BeEquivalentTo(bobs);
        (await _memory.AllAsync("Alice")).Should().HaveCount(2);
        (await _memory.SearchAsync("bob", "secret")).Should().Equal("secret of bob: Berlin user_id OR NEAR token");
    }
}
