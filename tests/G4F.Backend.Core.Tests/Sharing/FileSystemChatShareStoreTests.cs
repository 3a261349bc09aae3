using System.Text;
using System.Text.Json.Nodes;
using G4F.Backend.Buckets;
using G4F.Backend.Sharing;
using G4F.Backend.Storage;

namespace G4F.Backend.Core.Tests.Sharing;

/// <summary>The default share store on real files: versions, atomic replacement, concurrency and hostile ids.</summary>
public sealed class FileSystemChatShareStoreTests : IDisposable
{
    private const string Id = "0b6f1d2e-8a7c-4f59-9d61-5a0f3c2b1e77";

    /// <summary>The data directory is one level below a sandbox, so a path that escapes it shows up in the sandbox.</summary>
    private readonly string _sandbox = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "g4f-tests", Guid.NewGuid().ToString("N"))).FullName;

    private readonly FileSystemChatShareStore _store;

    public FileSystemChatShareStoreTests() => _store = Create(DataDirectory);

    /// <summary>The embedded store over <paramref name="dataDirectory"/>, as the backend registers it.</summary>
    internal static FileSystemChatShareStore Create(string dataDirectory)
    {
        var paths = DataPaths.Of(dataDirectory);
        return new FileSystemChatShareStore(paths, new BucketLocks(new InProcessStorageLock()), new BucketOwners(new FileSystemBucketStore(paths)));
    }

    private string DataDirectory => Path.Combine(_sandbox, "data");

    private string ChatFile(string id) => Path.Combine(DataDirectory, "buckets", id, "chat.json");

    public void Dispose() => Directory.Delete(_sandbox, recursive: true);

    /// <summary>Saves a posted chat as the endpoint does: in its stored form (<see cref="ChatShareJson"/>), without an identity step.</summary>
    private async Task<ChatShareSaveResult> SaveAsync(string id, JsonObject chat)
    {
        using var share = ChatShareJson.ToShare(chat);
        return await _store.SaveAsync(id, share, caller: null);
    }

    private static JsonObject Chat(string json) => JsonNode.Parse(json)!.AsObject();

    private static JsonObject Chat(long updated, string title) => Chat($$"""{"id":"{{Id}}","title":"{{title}}","updated":{{updated}},"items":[]}""");

    private async Task<(long Updated, string Json)> ReadAsync(string id)
    {
        await using var share = await _store.OpenAsync(id);
        share.Should().NotBeNull();
        using var reader = new StreamReader(share!.Content, Encoding.UTF8);
        return (share.Updated, await reader.ReadToEndAsync());
    }

    [Theory]
    [InlineData("""{"id":"x","title":"no version yet","items":[]}""")]
    [InlineData("""{"id":"x","title":"version 0","updated":0,"items":[]}""")]
    [InlineData("""{"id":"x","title":"version null","updated":null,"items":[]}""")]
    public async Task A_chat_without_a_version_is_stored_the_first_time(string json)
    {
        (await SaveAsync(Id, Chat(json))).Should().Be(ChatShareSaveResult.Created);

        var (updated, stored) = await ReadAsync(Id);
        updated.Should().Be(0);
        JsonNode.DeepEquals(JsonNode.Parse(stored), JsonNode.Parse(json)).Should().BeTrue();
        File.Exists(ChatFile(Id)).Should().BeTrue("the share lives in the bucket folder of its id");
    }

    [Fact]
    public async Task A_chat_is_stored_compact_with_the_version_first_and_every_value_as_sent()
    {
        var sent = """
            {"id": "x", "title": "Füchse <b>&</b> 狐", "n": 1.50, "big": 12345678901234567890, "nothing": null,
             "updated": 1755780123456, "items": [{"role": "user", "content": "line\nbreak \"quoted\" 🦊"}]}
            """;

        await SaveAsync(Id, Chat(sent));

        (await File.ReadAllTextAsync(ChatFile(Id))).Should().Be(
            """{"updated":1755780123456,"id":"x","title":"Füchse \u003Cb\u003E\u0026\u003C/b\u003E 狐","n":1.50,"big":12345678901234567890,"nothing":null,"items":[{"role":"user","content":"line\nbreak \u0022quoted\u0022 \uD83E\uDD8A"}]}""");
    }

    [Fact]
    public async Task Reading_serves_the_stored_bytes_exactly()
    {
        // A file in the original's format (Python's json.dump: spaces, "updated" last) is served untouched.
        var original = """{"id": "x", "items": [{"role": "user", "content": "caf\u00e9"}], "title": "t", "updated": 1755780000000}""";
        Directory.CreateDirectory(Path.GetDirectoryName(ChatFile(Id))!);
        await File.WriteAllTextAsync(ChatFile(Id), original);

        await using var share = await _store.OpenAsync(Id);
        using var copy = new MemoryStream();
        await share!.Content.CopyToAsync(copy);

        share.Updated.Should().Be(1755780000000);
        share.Content.Length.Should().Be(copy.Length);
        copy.ToArray().Should().Equal(await File.ReadAllBytesAsync(ChatFile(Id)));
    }

    [Fact]
    public async Task A_missing_share_is_null_even_when_a_bucket_of_that_id_exists()
    {
        (await _store.OpenAsync(Id)).Should().BeNull();

        Directory.CreateDirectory(Path.Combine(DataDirectory, "buckets", "bucket-only"));
        (await _store.OpenAsync("bucket-only")).Should().BeNull();
    }

    [Fact]
    public async Task A_write_that_fails_midway_leaves_no_temporary_file()
    {
        await SaveAsync(Id, Chat(1, "intact"));

        var save = async () => await _store.SaveAsync(Id, new ChatShare(2, new BrokenStream()), caller: null);

        await save.Should().ThrowAsync<IOException>();
        Directory.GetFiles(Path.GetDirectoryName(ChatFile(Id))!).Should().Equal(ChatFile(Id));
    }

    [Fact]
    public async Task The_next_write_removes_what_a_crashed_write_left_but_not_a_write_in_progress()
    {
        await SaveAsync(Id, Chat(1, "first"));

        // A process killed mid-write never ran its clean-up: its temporary file stays beside the chat.
        var folder = Path.GetDirectoryName(ChatFile(Id))!;
        var crashed = Path.Combine(folder, $".chat.json.{Guid.NewGuid():N}.tmp");
        var running = Path.Combine(folder, $".chat.json.{Guid.NewGuid():N}.tmp");
        await File.WriteAllTextAsync(crashed, "{\"updated\":2,\"ti");
        await File.WriteAllTextAsync(running, "{\"updated\":3,\"ti");
        File.SetLastWriteTimeUtc(crashed, DateTime.UtcNow - TimeSpan.FromHours(2));

        (await SaveAsync(Id, Chat(4, "second"))).Should().Be(ChatShareSaveResult.Replaced);

        Directory.GetFiles(folder).Should().BeEquivalentTo([ChatFile(Id), running]);
    }

    [Fact]
    public async Task A_posted_chat_that_cannot_be_serialised_never_reaches_the_store()
    {
        var failing = Chat(2, "never stored");
        failing["items"] = JsonValue.Create(new ThrowingValue());

        var save = async () => await SaveAsync(Id, failing);

        await save.Should().ThrowAsync<InvalidOperationException>();
        Directory.Exists(Path.GetDirectoryName(ChatFile(Id))).Should().BeFalse();
    }

    [Theory]
    [InlineData("..")]
    [InlineData("%2e%2e")]
    [InlineData("_")]
    [InlineData("a/../../b")]
    [InlineData("../../escaped")]
    [InlineData("%2e%2e%2f%2e%2e%2fescaped")]
    [InlineData("..\\..\\escaped")]
    [InlineData("/tmp/escaped")]
    [InlineData("a\0b")]
    [InlineData(" padded ")]
    public async Task Hostile_ids_never_reach_a_path_outside_their_bucket_folder(string id)
    {
        // Unsanitised ids are refused outright: the endpoints sanitise first, the store never guesses.
        var raw = async () => await SaveAsync(id, Chat(1, "raw"));
        await raw.Should().ThrowAsync<ArgumentException>();
        var open = async () => await _store.OpenAsync(id);
        await open.Should().ThrowAsync<ArgumentException>();
        var delete = async () => await _store.DeleteAsync(id);
        await delete.Should().ThrowAsync<ArgumentException>();

        // Sanitised, what is left of them is an ordinary folder name under buckets/.
        if (SafeName.TrySanitize(id, out var safe))
        {
            await SaveAsync(safe, Chat(1, "sanitised"));
        }

        var expected = safe.Length > 0 ? [ChatFile(safe)] : Array.Empty<string>();
        Directory.GetFiles(_sandbox, "*", SearchOption.AllDirectories).Should().BeEquivalentTo(expected);
        Directory.GetDirectories(_sandbox).Should().BeSubsetOf([DataDirectory]);
    }

    [Fact]
    public async Task Ordinary_sanitised_names_are_accepted_as_they_are()
    {
        foreach (var id in new[] { "a+b", "report,v2", "résumé", "x.y" })
        {
            (await SaveAsync(id, Chat(1, id))).Should().Be(ChatShareSaveResult.Created);
            File.Exists(ChatFile(id)).Should().BeTrue();
        }
    }

    [Fact]
    public async Task Delete_removes_the_chat_and_a_folder_it_leaves_empty()
    {
        await SaveAsync(Id, Chat(1, "shared"));

        (await _store.DeleteAsync(Id)).Should().BeTrue();
        (await _store.DeleteAsync(Id)).Should().BeFalse();

        (await _store.OpenAsync(Id)).Should().BeNull();
        Directory.Exists(Path.GetDirectoryName(ChatFile(Id))).Should().BeFalse();
        (await SaveAsync(Id, Chat(0, "shared again"))).Should().Be(ChatShareSaveResult.Created);
    }

    [Fact]
    public async Task Delete_keeps_the_files_of_a_bucket_with_the_same_id()
    {
        await SaveAsync(Id, Chat(1, "shared"));
        var bucketFile = Path.Combine(DataDirectory, "buckets", Id, "report.pdf.md");
        await File.WriteAllTextAsync(bucketFile, "# Report");

        (await _store.DeleteAsync(Id)).Should().BeTrue();

        File.Exists(ChatFile(Id)).Should().BeFalse();
        File.Exists(bucketFile).Should().BeTrue();
    }

    [Fact]
    public async Task Deleting_the_bucket_folder_deletes_the_share()
    {
        await SaveAsync(Id, Chat(1, "shared"));

        // What DELETE /files/{id} does (PROTOCOL 6.4): the whole folder goes, the share with it.
        Directory.Delete(Path.Combine(DataDirectory, "buckets", Id), recursive: true);

        (await _store.OpenAsync(Id)).Should().BeNull();
    }

    /// <summary>Content whose first read fails, as a dropped upload would.</summary>
    private sealed class BrokenStream : MemoryStream
    {
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            ValueTask.FromException<int>(new IOException("The content broke off."));

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            Task.FromException<int>(new IOException("The content broke off."));
    }

    /// <summary>A value whose serialisation fails after the writer started on the chat.</summary>
    private sealed class ThrowingValue
    {
        public string Value => throw new InvalidOperationException("serialisation failed");
    }
}
