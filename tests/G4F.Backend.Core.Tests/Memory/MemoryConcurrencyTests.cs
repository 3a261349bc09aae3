using G4F.Backend.Memory;
using G4F.Backend.Storage.Contracts;

namespace G4F.Backend.Core.Tests.Memory;

/// <summary>Concurrent writers (two stores over one file, as two processes would be) lose nothing.</summary>
public sealed class MemoryConcurrencyTests : IDisposable
{
    private readonly MemoryHarness _memory = new();

    public void Dispose() => _memory.Dispose();

    [Fact]
    public async Task Many_conversations_posted_in_parallel_are_all_stored()
    {
        var stores = new[] { _memory.Store, _memory.NewStore() };
        const int Conversations = 64;
        const int Items = 10;

        var counts = await Task.WhenAll(Enumerable.Range(0, Conversations).Select(c => Task.Run(() =>
            stores[c % 2].AddConversationAsync(
                $"user{c % 4}",
                $"conversation{c}",
                [.. Enumerable.Range(0, Items).Select(i => new MemoryMessage("user", $"conversation {c} item {i} parallel"))]))));

        counts.Should().OnlyContain(n => n == Items);
        var total = 0;
        for (var u = 0; u < 4; u++)
        {
            var page = await _memory.Store.ListAsync($"user{u}", null, 1, 1000).ReadAllAsync();
            page.Items.Should().OnlyContain(i => i.UserId == $"user{u}");
            total += page.TotalCount;
            (await _memory.Store.SearchAsync($"user{u}", "parallel", null, 1000).ReadAllAsync()).Should().HaveCount(page.TotalCount);
        }

        total.Should().Be(Conversations * Items);
    }

    [Fact]
    public async Task The_same_conversation_posted_in_parallel_is_stored_once()
    {
        MemoryMessage[] messages = [new("user", "same question"), new("assistant", "same answer")];

        var counts = await Task.WhenAll(Enumerable.Range(0, 32).Select(_ => Task.Run(() => _memory.Store.AddConversationAsync("alice", "c1", messages))));

        counts.Should().OnlyContain(n => n == 2);
        (await _memory.AllAsync("alice")).Should().HaveCount(2);
        (await _memory.SearchAsync("alice", "same")).Should().HaveCount(2);
    }

    [Fact]
    public async Task Reads_during_writes_see_whole_conversations()
    {
        var writer = Task.Run(async () =>
        {
            for (var c = 0; c < 40; c++)
            {
                await _memory.AddAsync("alice", $"c{c}", "one", "two", "three", "four");
            }
        });

        while (!writer.IsCompleted)
        {
            var page = await _memory.Store.ListAsync("alice", null, 1, 1000).ReadAllAsync();
            (page.TotalCount % 4).Should().Be(0, "a conversation is written in one transaction");
            page.Items.Should().HaveCount(page.TotalCount);
        }

        await writer;
        (await _memory.Store.ListAsync("alice", null, 1, 1).ReadAllAsync()).TotalCount.Should().Be(160);
    }
}
