using System.Text;
using FluentAssertions;
using G4F.Backend.Credentials;
using Xunit;

namespace G4F.Backend.Storage.Contracts;

/// <summary>
/// What every <see cref="ICookieFileStore"/> guarantees: files served as stored, a replaced file counted as the newest,
/// and concurrent writers of different names losing nothing. The store is expected to be empty when created.
/// </summary>
public abstract class CookieFileStoreContract
{
    /// <summary>A generous bound for waits that should end; it only matters when the store is broken.</summary>
    protected static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);

    /// <summary>An empty store to test.</summary>
    /// <returns>The store.</returns>
    protected abstract ValueTask<ICookieFileStore> CreateStoreAsync();

    private static byte[] Bytes(string text) => Encoding.UTF8.GetBytes(text);

    private static async Task<string[]> NamesAsync(ICookieFileStore store) => [.. (await store.ListAsync(1024 * 1024)).Select(f => f.Name)];

    [Fact]
    public async Task An_empty_store_lists_nothing()
    {
        var store = await CreateStoreAsync();

        (await store.ListAsync(1024)).Should().BeEmpty();
    }

    [Fact]
    public async Task A_stored_file_comes_back_byte_for_byte()
    {
        var store = await CreateStoreAsync();
        var content = Bytes("""[{"domain":".example.com","name":"a","value":"caf\u00e9 1"}]""");

        await store.SaveAsync("My_Cookies.json", content);

        var file = (await store.ListAsync(1024 * 1024)).Should().ContainSingle().Subject;
        file.Name.Should().Be("My_Cookies.json");
        file.Content.ToArray().Should().Equal(content);
    }

    [Fact]
    public async Task Files_are_listed_oldest_first_and_a_replaced_file_becomes_the_newest()
    {
        var store = await CreateStoreAsync();
        await store.SaveAsync("a.json", Bytes("[1]"));
        await WaitForNextTickAsync();
        await store.SaveAsync("b.har", Bytes("[2]"));
        await WaitForNextTickAsync();
        await store.SaveAsync("a.json", Bytes("[3]"));

        (await NamesAsync(store)).Should().Equal("b.har", "a.json");
        (await store.ListAsync(1024)).Single(f => f.Name == "a.json").Content.ToArray().Should().Equal(Bytes("[3]"));
    }

    [Fact]
    public async Task A_file_larger_than_the_listing_limit_comes_back_longer_than_the_limit()
    {
        var store = await CreateStoreAsync();
        await store.SaveAsync("big.json", new byte[5000]);

        // The backend only needs to see that it is too large; it may be cut after one byte more.
        (await store.ListAsync(100)).Single().Content.Length.Should().BeGreaterThan(100);
    }

    [Fact]
    public async Task Reading_each_file_gives_what_the_listing_gives_in_its_order()
    {
        var store = await CreateStoreAsync();
        await store.SaveAsync("a.json", Bytes("[1]"));
        await WaitForNextTickAsync();
        await store.SaveAsync("big.har", new byte[5000]);
        await WaitForNextTickAsync();
        await store.SaveAsync("a.json", Bytes("[3]"));

        var each = new List<CookieFile>();
        await foreach (var file in store.ReadEachAsync(100))
        {
            each.Add(file);
        }

        each.Select(f => f.Name).Should().Equal("big.har", "a.json");
        each[0].Content.Length.Should().BeGreaterThan(100, "a file over the limit may be cut, but still shows it is too large");
        each[1].Content.ToArray().Should().Equal(Bytes("[3]"));
    }

    [Fact]
    public async Task A_cancelled_save_leaves_the_earlier_file()
    {
        var store = await CreateStoreAsync();
        await store.SaveAsync("a.json", Bytes("[1]"));

        var save = async () => await store.SaveAsync("a.json", Bytes("[2]"), new CancellationToken(canceled: true));

        await save.Should().ThrowAsync<OperationCanceledException>();
        (await store.ListAsync(1024)).Single().Content.ToArray().Should().Equal(Bytes("[1]"));
    }

    [Fact]
    public async Task Concurrent_saves_of_different_names_are_all_kept()
    {
        var store = await CreateStoreAsync();

        await Task.WhenAll(Enumerable.Range(0, 50).Select(i => Task.Run(() => store.SaveAsync($"f{i}.json", Bytes($"[{i}]"))))).WaitAsync(Bound);

        var files = await store.ListAsync(1024);
        files.Select(f => (f.Name, Encoding.UTF8.GetString(f.Content.ToArray()))).Should().BeEquivalentTo(Enumerable.Range(0, 50).Select(i => ($"f{i}.json", $"[{i}]")));
    }

    [Fact]
    public async Task The_version_stays_while_nothing_changes_and_differs_after_every_save()
    {
        var store = await CreateStoreAsync();
        var empty = await store.GetVersionAsync();
        if (empty is null)
        {
            // A store that cannot tell is listed on every refresh instead; nothing more to hold it to.
            return;
        }

        (await store.GetVersionAsync()).Should().Be(empty);
        await store.SaveAsync("a.json", Bytes("[1]"));
        var one = await store.GetVersionAsync();
        (await store.GetVersionAsync()).Should().Be(one);
        await WaitForNextTickAsync();
        await store.SaveAsync("a.json", Bytes("[2]"));
        var replaced = await store.GetVersionAsync();
        await WaitForNextTickAsync();
        await store.SaveAsync("b.har", Bytes("[3]"));
        var two = await store.GetVersionAsync();

        new[] { empty, one, replaced, two }.Should().OnlyHaveUniqueItems("a replacement of the same size is a change too");
    }

    /// <summary>Lets the clock move on, so two saves never share a timestamp in a store that orders by one.</summary>
    private static async Task WaitForNextTickAsync()
    {
        var start = DateTime.UtcNow;
        while (DateTime.UtcNow - start < TimeSpan.FromMilliseconds(20))
        {
            await Task.Delay(5);
        }
    }
}
