using System.Text;
using FluentAssertions;
using G4F.Backend.Caching;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace G4F.Backend.Storage.Contracts;

/// <summary>
/// What every <see cref="ICacheStore"/> guarantees: values served as stored until their expiry on the store's clock,
/// overwrite and remove, the size and name bounds, keys of any text kept apart without ever reaching outside the
/// store, and concurrent writers of one key that leave one whole value. Each test uses keys of its own, so a store over
/// a shared database can run the suite.
/// </summary>
public abstract class CacheStoreContract
{
    /// <summary>A generous bound for waits that should end; it only matters when the store is broken.</summary>
    protected static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);

    /// <summary>The cache name the suite writes to.</summary>
    protected const string Cache = "contract";

    /// <summary>The clock the store under test reads.</summary>
    protected FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 8, 21, 10, 0, 0, TimeSpan.Zero));

    /// <summary>A store to test whose clock is <paramref name="clock"/> and whose caches have the default limit.</summary>
    /// <param name="clock">The store's time provider.</param>
    /// <returns>The store.</returns>
    protected ValueTask<ICacheStore> CreateStoreAsync(TimeProvider clock) => CreateStoreAsync(clock, []);

    /// <summary>A store to test whose clock is <paramref name="clock"/>, given the registered <paramref name="limits"/>.</summary>
    /// <param name="clock">The store's time provider.</param>
    /// <param name="limits">The caches' limits, as features register them.</param>
    /// <returns>The store.</returns>
    protected abstract ValueTask<ICacheStore> CreateStoreAsync(TimeProvider clock, IReadOnlyList<CacheLimit> limits);

    /// <summary>A key no other test uses, with <paramref name="suffix"/> at its end.</summary>
    /// <param name="suffix">What follows the unique part.</param>
    /// <returns>The key.</returns>
    protected static string NewKey(string suffix = ".bin") => Guid.NewGuid().ToString("N") + suffix;

    private DateTimeOffset In(TimeSpan span) => Clock.GetUtcNow() + span;

    [Fact]
    public async Task A_value_round_trips_byte_for_byte()
    {
        var store = await CreateStoreAsync(Clock);
        var key = NewKey();
        byte[] value = [0, 1, 2, 0xFF, .. Encoding.UTF8.GetBytes("caf\u00e9 🦊\n")];

        (await store.SetAsync(Cache, key, value, In(TimeSpan.FromHours(1)))).Should().BeTrue();

        (await store.GetAsync(Cache, key)).Should().Equal(value);
        (await store.GetAsync(Cache, NewKey())).Should().BeNull();
    }

    [Fact]
    public async Task A_value_expires_at_its_expiry_on_the_stores_clock()
    {
        var store = await CreateStoreAsync(Clock);
        var key = NewKey();
        await store.SetAsync(Cache, key, "v"u8.ToArray(), In(TimeSpan.FromMinutes(10)));

        Clock.Advance(TimeSpan.FromMinutes(10) - TimeSpan.FromSeconds(1));
        (await store.GetAsync(Cache, key)).Should().Equal("v"u8.ToArray());

        Clock.Advance(TimeSpan.FromSeconds(1));
        (await store.GetAsync(Cache, key)).Should().BeNull("the expiry is the first instant the value is gone");
    }

    [Fact]
    public async Task A_value_already_expired_or_too_large_is_not_stored()
    {
        var store = await CreateStoreAsync(Clock);
        var (past, large) = (NewKey(), NewKey());

        (await store.SetAsync(Cache, past, "v"u8.ToArray(), Clock.GetUtcNow())).Should().BeFalse();
        (await store.SetAsync(Cache, large, new byte[CacheStoreLimits.MaxEntryBytes + 1], In(TimeSpan.FromHours(1)))).Should().BeFalse();

        (await store.GetAsync(Cache, past)).Should().BeNull();
        (await store.GetAsync(Cache, large)).Should().BeNull();
        (await store.SetAsync(Cache, large, new byte[CacheStoreLimits.MaxEntryBytes], In(TimeSpan.FromHours(1)))).Should().BeTrue("the bound itself fits");
        (await store.GetAsync(Cache, large))!.Length.Should().Be(CacheStoreLimits.MaxEntryBytes);
    }

    [Fact]
    public async Task Setting_again_replaces_the_value_and_its_expiry()
    {
        var store = await CreateStoreAsync(Clock);
        var key = NewKey();
        await store.SetAsync(Cache, key, "first, and longer"u8.ToArray(), In(TimeSpan.FromMinutes(1)));

        await store.SetAsync(Cache, key, "second"u8.ToArray(), In(TimeSpan.FromMinutes(5)));
        Clock.Advance(TimeSpan.FromMinutes(2));

        (await store.GetAsync(Cache, key)).Should().Equal("second"u8.ToArray());
    }

    [Fact]
    public async Task A_removed_value_is_gone()
    {
        var store = await CreateStoreAsync(Clock);
        var key = NewKey();
        await store.SetAsync(Cache, key, "v"u8.ToArray(), In(TimeSpan.FromHours(1)));

        (await store.RemoveAsync(Cache, key)).Should().BeTrue();

        (await store.GetAsync(Cache, key)).Should().BeNull();
        (await store.RemoveAsync(Cache, key)).Should().BeFalse();
    }

    [Fact]
    public async Task A_cache_keeps_at_most_its_limit_and_the_entries_that_expire_first_go()
    {
        // A cache of this run's own, so a store over a shared database counts only these entries.
        var cache = "cap-" + Guid.NewGuid().ToString("N")[..8];
        var store = await CreateStoreAsync(Clock, [new CacheLimit(cache, 3)]);
        var start = Clock.GetUtcNow();
        var keys = Enumerable.Range(0, 6).Select(_ => NewKey()).ToList();

        // The first expires last of all; the others in the order they are stored. Ten minutes pass before each store:
        // a store may keep its cap by a sweep that runs at most that often (the embedded one does).
        (await store.SetAsync(cache, keys[0], "0"u8.ToArray(), start + TimeSpan.FromDays(30))).Should().BeTrue();
        for (var i = 1; i < keys.Count; i++)
        {
            Clock.Advance(TimeSpan.FromMinutes(10) + TimeSpan.FromSeconds(1));
            (await store.SetAsync(cache, keys[i], new[] { (byte)('0' + i) }, start + TimeSpan.FromHours(2) + TimeSpan.FromMinutes(i))).Should().BeTrue();
        }

        var kept = new List<int>();
        for (var i = 0; i < keys.Count; i++)
        {
            if (await store.GetAsync(cache, keys[i]) is not null)
            {
                kept.Add(i);
            }
        }

        kept.Should().Equal([0, 4, 5], "the limit is 3, and the entries that expire first go, never the one just stored");
    }

    [Fact]
    public async Task Caches_of_different_names_are_apart()
    {
        var store = await CreateStoreAsync(Clock);
        var key = NewKey();
        await store.SetAsync(Cache, key, "one"u8.ToArray(), In(TimeSpan.FromHours(1)));
        await store.SetAsync(Cache + "-other", key, "two"u8.ToArray(), In(TimeSpan.FromHours(1)));

        (await store.GetAsync(Cache, key)).Should().Equal("one"u8.ToArray());
        (await store.GetAsync(Cache + "-other", key)).Should().Equal("two"u8.ToArray());
    }

    /// <summary>Keys a client could choose: traversal, absolute paths, separators, reserved names, control and non-ASCII characters, case.</summary>
    public static readonly IReadOnlyList<string> HostileKeys =
    [
        "../../../escape.txt",
        "a/../../b.json",
        "/etc/passwd",
        "C:\\Windows\\x.txt",
        "..",
        ".",
        "con",
        "nul.txt",
        "a\0b.txt",
        "~" + new string('0', 64) + ".bin",
        "caf\u00e9.txt",
        "x/y",
        "x.txt/y.json",
        "x/y/z/w/v/u.json",
        "UPPER.txt",
        "upper.txt",
        "trailing.tmp",
        "%2e%2e%2fescape.txt",
        new string('k', CacheStoreLimits.MaxKeyLength),
    ];

    [Fact]
    public async Task Keys_of_any_text_are_kept_apart()
    {
        var store = await CreateStoreAsync(Clock);
        var prefix = Guid.NewGuid().ToString("N")[..8];
        var keys = HostileKeys;
        // Unique per run, and also each key bare, so a store over shared data never mixes runs up.
        var all = keys.Select(k => prefix + k).Concat(keys.Select(k => k + prefix)).Distinct().Where(k => k.Length <= CacheStoreLimits.MaxKeyLength).ToList();

        foreach (var key in all)
        {
            (await store.SetAsync(Cache, key, Encoding.UTF8.GetBytes(key), In(TimeSpan.FromHours(1)))).Should().BeTrue(key);
        }

        foreach (var key in all)
        {
            (await store.GetAsync(Cache, key)).Should().Equal(Encoding.UTF8.GetBytes(key), key);
        }
    }

    [Theory]
    [InlineData("")]
    [InlineData("../x")]
    [InlineData("Upper")]
    [InlineData("a/b")]
    [InlineData("a.b")]
    public async Task An_invalid_cache_name_is_refused(string cache)
    {
        var store = await CreateStoreAsync(Clock);

        await store.Invoking(s => s.SetAsync(cache, NewKey(), "v"u8.ToArray(), In(TimeSpan.FromHours(1)))).Should().ThrowAsync<ArgumentException>();
        await store.Invoking(s => s.GetAsync(cache, NewKey())).Should().ThrowAsync<ArgumentException>();
        await store.Invoking(s => s.RemoveAsync(cache, NewKey())).Should().ThrowAsync<ArgumentException>();
    }

    [Fact]
    public async Task An_empty_or_too_long_key_is_refused()
    {
        var store = await CreateStoreAsync(Clock);

        await store.Invoking(s => s.GetAsync(Cache, string.Empty)).Should().ThrowAsync<ArgumentException>();
        await store.Invoking(s => s.SetAsync(Cache, new string('k', CacheStoreLimits.MaxKeyLength + 1), "v"u8.ToArray(), In(TimeSpan.FromHours(1)))).Should().ThrowAsync<ArgumentException>();
    }

    [Fact]
    public async Task Concurrent_writers_of_one_key_leave_one_whole_value_and_readers_never_see_a_torn_one()
    {
        var store = await CreateStoreAsync(Clock);
        var key = NewKey();
        const int Writers = 8;
        const int Size = 256 * 1024;
        var values = Enumerable.Range(1, Writers).Select(i => Enumerable.Repeat((byte)i, Size).ToArray()).ToList();
        using var stop = new CancellationTokenSource(Bound);

        var reads = Task.Run(async () =>
        {
            var seen = 0;
            while (seen < 20 && !stop.IsCancellationRequested)
            {
                if (await store.GetAsync(Cache, key) is { } read)
                {
                    (read.Length == Size && read.AsSpan().IndexOfAnyExcept(read[0]) < 0).Should().BeTrue("a reader sees a whole value");
                    seen++;
                }
            }
        });
        await Task.WhenAll(values.Select(v => Task.Run(async () =>
        {
            for (var round = 0; round < 5; round++)
            {
                await store.SetAsync(Cache, key, v, In(TimeSpan.FromHours(1)));
            }
        })));
        await reads.WaitAsync(Bound);

        var final = await store.GetAsync(Cache, key);
        final.Should().NotBeNull();
        values.Any(v => v.AsSpan().SequenceEqual(final)).Should().BeTrue("the value is one writer's, whole");
    }
}
