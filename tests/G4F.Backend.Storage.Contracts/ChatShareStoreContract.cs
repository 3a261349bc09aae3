using System.Text;
using System.Text.Json.Nodes;
using FluentAssertions;
using G4F.Backend.Identity;
using G4F.Backend.Sharing;
using Xunit;

namespace G4F.Backend.Storage.Contracts;

/// <summary>
/// What every <see cref="IChatShareStore"/> guarantees: stored bytes served exactly, the newer-<c>updated</c>-wins rule
/// with its owner check as one step, and concurrent writers and readers that never see a torn or older chat. Each test
/// uses ids of its own, so a store over a shared database can run the suite.
/// </summary>
public abstract class ChatShareStoreContract
{
    /// <summary>A generous bound for waits that should end; it only matters when the store is broken.</summary>
    protected static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);

    private static readonly CallerIdentity Alice = new("alice");
    private static readonly CallerIdentity Bob = new("bob");

    /// <summary>A store to test; every call of one test gets the same store (or another over the same data).</summary>
    /// <returns>The store.</returns>
    protected abstract ValueTask<IChatShareStore> CreateStoreAsync();

    private static string NewId() => "contract-" + Guid.NewGuid().ToString("N");

    private static ChatShare Chat(long updated, string title) =>
        Json(updated, $$"""{"updated":{{updated}},"title":"{{title}}","items":[]}""");

    private static ChatShare Json(long updated, string json) => new(updated, new MemoryStream(Encoding.UTF8.GetBytes(json)));

    private static async Task<(long Updated, string Json)> ReadAsync(IChatShareStore store, string id)
    {
        await using var share = await store.OpenAsync(id);
        share.Should().NotBeNull();
        using var copy = new MemoryStream();
        await share!.Content.CopyToAsync(copy);
        return (share.Updated, Encoding.UTF8.GetString(copy.ToArray()));
    }

    private static async Task<ChatShareSaveResult> SaveAsync(IChatShareStore store, string id, ChatShare chat, CallerIdentity? caller = null, CancellationToken cancellationToken = default)
    {
        using (chat)
        {
            return await store.SaveAsync(id, chat, caller, cancellationToken);
        }
    }

    [Fact]
    public async Task A_saved_chat_is_served_byte_for_byte_with_its_version_and_length()
    {
        var store = await CreateStoreAsync();
        var id = NewId();
        // Spaces, a non-ASCII character and key order as some writer left them: nothing is re-serialised.
        var json = """{"id": "x", "title": "caf\u00e9 🦊", "updated": 1755780000000, "items": [ ]}""";

        (await SaveAsync(store, id, Json(1755780000000, json))).Should().Be(ChatShareSaveResult.Created);

        await using var share = await store.OpenAsync(id);
        share!.Updated.Should().Be(1755780000000);
        share.Content.CanSeek.Should().BeTrue();
        share.Content.Length.Should().Be(Encoding.UTF8.GetByteCount(json));
        using var copy = new MemoryStream();
        await share.Content.CopyToAsync(copy);
        copy.ToArray().Should().Equal(Encoding.UTF8.GetBytes(json));
    }

    [Fact]
    public async Task An_unknown_id_has_no_share()
    {
        var store = await CreateStoreAsync();

        (await store.OpenAsync(NewId())).Should().BeNull();
        (await store.DeleteAsync(NewId())).Should().BeFalse();
    }

    [Fact]
    public async Task Shares_of_different_ids_are_apart()
    {
        var store = await CreateStoreAsync();
        var (first, second) = (NewId(), NewId());

        await SaveAsync(store, first, Chat(5, "first"));
        await SaveAsync(store, second, Chat(1, "second"));

        (await ReadAsync(store, first)).Json.Should().Contain("\"first\"");
        (await ReadAsync(store, second)).Should().Match<(long Updated, string Json)>(s => s.Updated == 1 && s.Json.Contains("\"second\""));
    }

    [Fact]
    public async Task A_chat_without_a_version_is_stored_first_and_always_replaces()
    {
        var store = await CreateStoreAsync();
        var id = NewId();

        (await SaveAsync(store, id, Json(0, """{"title":"first"}"""))).Should().Be(ChatShareSaveResult.Created);
        (await SaveAsync(store, id, Json(0, """{"title":"edited"}"""))).Should().Be(ChatShareSaveResult.Replaced);

        (await ReadAsync(store, id)).Should().Be((0L, """{"title":"edited"}"""));
    }

    [Fact]
    public async Task The_same_version_writes_nothing_a_newer_replaces_an_older_loses()
    {
        var store = await CreateStoreAsync();
        var id = NewId();
        await SaveAsync(store, id, Chat(100, "first"));

        (await SaveAsync(store, id, Chat(100, "same version, other text"))).Should().Be(ChatShareSaveResult.Unchanged);
        (await ReadAsync(store, id)).Json.Should().Contain("\"first\"");

        (await SaveAsync(store, id, Chat(200, "second"))).Should().Be(ChatShareSaveResult.Replaced);
        (await SaveAsync(store, id, Chat(150, "late arrival of an older edit"))).Should().Be(ChatShareSaveResult.Outdated);

        var (updated, json) = await ReadAsync(store, id);
        updated.Should().Be(200);
        json.Should().Contain("\"second\"");
    }

    [Fact]
    public async Task A_versioned_chat_replaces_an_unversioned_one()
    {
        var store = await CreateStoreAsync();
        var id = NewId();
        await SaveAsync(store, id, Json(0, """{"title":"unversioned"}"""));

        (await SaveAsync(store, id, Chat(1, "versioned"))).Should().Be(ChatShareSaveResult.Replaced);

        (await ReadAsync(store, id)).Updated.Should().Be(1);
    }

    [Fact]
    public async Task A_cancelled_write_changes_nothing()
    {
        var store = await CreateStoreAsync();
        var id = NewId();
        await SaveAsync(store, id, Chat(1, "intact"));

        var save = async () => await SaveAsync(store, id, Chat(2, "cancelled"), cancellationToken: new CancellationToken(canceled: true));

        await save.Should().ThrowAsync<OperationCanceledException>();
        (await ReadAsync(store, id)).Should().Match<(long Updated, string Json)>(s => s.Updated == 1 && s.Json.Contains("\"intact\""));
    }

    [Fact]
    public async Task A_write_whose_content_fails_midway_leaves_the_stored_chat()
    {
        var store = await CreateStoreAsync();
        var id = NewId();
        await SaveAsync(store, id, Chat(1, "intact"));

        var save = async () => await store.SaveAsync(id, new ChatShare(2, new FailingStream(Encoding.UTF8.GetBytes("""{"updated":2,"title":"torn"""))), caller: null);

        await save.Should().ThrowAsync<IOException>();
        (await ReadAsync(store, id)).Should().Be((1L, """{"updated":1,"title":"intact","items":[]}"""));
    }

    [Fact]
    public async Task A_reader_keeps_the_chat_it_opened_while_a_writer_replaces_it()
    {
        var store = await CreateStoreAsync();
        var id = NewId();
        await SaveAsync(store, id, Chat(1, "old"));
        await using var open = await store.OpenAsync(id);

        await SaveAsync(store, id, Chat(2, "new"));

        using (var reader = new StreamReader(open!.Content))
        {
            (await reader.ReadToEndAsync()).Should().Contain("\"old\"");
            open.Updated.Should().Be(1);
        }

        (await ReadAsync(store, id)).Updated.Should().Be(2);
    }

    [Fact]
    public async Task Of_many_concurrent_writers_the_highest_version_wins_and_readers_never_see_a_torn_chat()
    {
        var store = await CreateStoreAsync();
        var id = NewId();
        var versions = Enumerable.Range(1, 64).OrderBy(_ => Random.Shared.Next()).ToArray();
        var padding = new string('x', 20_000);
        using var done = new CancellationTokenSource();
        var readers = Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
        {
            while (!done.IsCancellationRequested)
            {
                await using var share = await store.OpenAsync(id);
                if (share is not null)
                {
                    // The version served belongs to the body served with it.
                    var node = await JsonNode.ParseAsync(share.Content);
                    node!["updated"]!.GetValue<long>().Should().Be(share.Updated);
                }
            }
        })).ToArray();

        await Parallel.ForEachAsync(versions, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (version, ct) =>
            await SaveAsync(store, id, Json(version, $$"""{"updated":{{version}},"title":"v{{version}}","pad":"{{padding}}"}"""), cancellationToken: ct)).WaitAsync(Bound);
        await done.CancelAsync();
        await Task.WhenAll(readers).WaitAsync(Bound);

        var (updated, json) = await ReadAsync(store, id);
        updated.Should().Be(64);
        JsonNode.Parse(json)!["title"]!.GetValue<string>().Should().Be("v64");
    }

    [Fact]
    public async Task Delete_removes_the_chat_and_the_id_can_be_shared_again()
    {
        var store = await CreateStoreAsync();
        var id = NewId();
        await SaveAsync(store, id, Chat(5, "shared"));

        (await store.DeleteAsync(id)).Should().BeTrue();
        (await store.DeleteAsync(id)).Should().BeFalse();
        (await store.OpenAsync(id)).Should().BeNull();

        // Versions start over: the deleted chat's version no longer counts.
        (await SaveAsync(store, id, Chat(1, "shared again"))).Should().Be(ChatShareSaveResult.Created);
    }

    [Fact]
    public async Task The_first_writer_owns_the_share_and_nobody_else_may_write_it()
    {
        var store = await CreateStoreAsync();
        var id = NewId();

        (await SaveAsync(store, id, Chat(1, "alice's"), Alice)).Should().Be(ChatShareSaveResult.Created);

        (await SaveAsync(store, id, Chat(2, "bob's"), Bob)).Should().Be(ChatShareSaveResult.Forbidden);
        (await SaveAsync(store, id, Chat(3, "anonymous"), CallerIdentity.Anonymous)).Should().Be(ChatShareSaveResult.Unauthenticated);
        (await ReadAsync(store, id)).Should().Match<(long Updated, string Json)>(s => s.Updated == 1 && s.Json.Contains("alice's"));

        (await SaveAsync(store, id, Chat(4, "alice's edit"), Alice)).Should().Be(ChatShareSaveResult.Replaced);
        (await ReadAsync(store, id)).Updated.Should().Be(4);
    }

    [Fact]
    public async Task Deleting_the_chat_keeps_its_owner()
    {
        var store = await CreateStoreAsync();
        var id = NewId();
        await SaveAsync(store, id, Chat(1, "alice's"), Alice);
        await store.DeleteAsync(id);

        // A share link that once named the id can never be taken over by another user.
        (await SaveAsync(store, id, Chat(2, "bob's"), Bob)).Should().Be(ChatShareSaveResult.Forbidden);
        (await SaveAsync(store, id, Chat(3, "alice's again"), Alice)).Should().Be(ChatShareSaveResult.Created);
    }

    [Fact]
    public async Task An_anonymous_caller_claims_nothing()
    {
        var store = await CreateStoreAsync();
        var id = NewId();

        (await SaveAsync(store, id, Chat(1, "anonymous"), CallerIdentity.Anonymous)).Should().Be(ChatShareSaveResult.Unauthenticated);

        (await store.OpenAsync(id)).Should().BeNull();
        (await SaveAsync(store, id, Chat(1, "bob's"), Bob)).Should().Be(ChatShareSaveResult.Created);
    }

    [Fact]
    public async Task A_failed_first_write_reserves_no_id()
    {
        var store = await CreateStoreAsync();
        var id = NewId();

        var save = async () => await store.SaveAsync(id, new ChatShare(1, new FailingStream("{\"upd"u8.ToArray())), Alice);
        await save.Should().ThrowAsync<IOException>();

        (await SaveAsync(store, id, Chat(1, "bob's"), Bob)).Should().Be(ChatShareSaveResult.Created);
    }

    [Fact]
    public async Task An_administrators_failed_takeover_of_a_deleted_share_keeps_its_owner()
    {
        var store = await CreateStoreAsync();
        var id = NewId();
        await SaveAsync(store, id, Chat(1, "alice's"), Alice);
        await store.DeleteAsync(id);

        // An administrator recreates the deleted share (a takeover the rules allow), and the write fails (a full disk,
        // a client that went away): the id must stay Alice's, as the tombstone promised.
        var save = async () => await store.SaveAsync(id, new ChatShare(2, new FailingStream("{\"upd"u8.ToArray())), new CallerIdentity("root", isAdministrator: true));
        await save.Should().ThrowAsync<IOException>();

        (await SaveAsync(store, id, Chat(3, "bob's"), Bob)).Should().Be(ChatShareSaveResult.Forbidden, "the share link once given out must never show another user's chat");
    }

    [Fact]
    public async Task Of_two_users_racing_for_a_new_id_exactly_one_wins()
    {
        var store = await CreateStoreAsync();
        for (var round = 0; round < 20; round++)
        {
            var id = NewId();
            var results = await Task.WhenAll(
                Task.Run(() => SaveAsync(store, id, Chat(1, "alice's"), Alice)),
                Task.Run(() => SaveAsync(store, id, Chat(1, "bob's"), Bob))).WaitAsync(Bound);

            results.Should().BeEquivalentTo([ChatShareSaveResult.Created, ChatShareSaveResult.Forbidden]);
        }
    }

    [Fact]
    public async Task Without_an_identity_step_everyone_writes_every_share()
    {
        var store = await CreateStoreAsync();
        var id = NewId();

        (await SaveAsync(store, id, Chat(1, "first"), caller: null)).Should().Be(ChatShareSaveResult.Created);
        (await SaveAsync(store, id, Chat(2, "second"), caller: null)).Should().Be(ChatShareSaveResult.Replaced);
    }

    /// <summary>Content that ends in an I/O error after its first bytes, as a dropped upload would.</summary>
    private sealed class FailingStream(byte[] head) : Stream
    {
        private readonly MemoryStream _head = new(head);

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            var read = _head.Read(buffer, offset, count);
            return read > 0 ? read : throw new IOException("The content broke off.");
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            Task.FromResult(Read(buffer, offset, count));

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            var read = _head.Read(buffer.Span);
            return read > 0 ? ValueTask.FromResult(read) : ValueTask.FromException<int>(new IOException("The content broke off."));
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
