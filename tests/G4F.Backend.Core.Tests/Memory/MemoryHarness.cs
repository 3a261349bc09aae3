using G4F.Backend.Memory;
using G4F.Backend.Storage;
using G4F.Backend.Storage.Contracts;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace G4F.Backend.Core.Tests.Memory;

/// <summary>A real SQLite memory store in a temp data directory, with a fake clock.</summary>
internal sealed class MemoryHarness : IDisposable
{
    private readonly List<SqliteMemoryStore> _stores = [];
    private readonly IOptions<MemoryOptions> _options = Options.Create(new MemoryOptions());

    public MemoryHarness()
    {
        DataDirectory = Path.Combine(Path.GetTempPath(), "g4f-tests", Guid.NewGuid().ToString("N"));
        Paths = DataPaths.Of(DataDirectory);
        Store = NewStore();
    }

    public static DateTimeOffset Start { get; } = new(2026, 8, 21, 10, 0, 0, TimeSpan.Zero);

    public string DataDirectory { get; }

    public DataPaths Paths { get; }

    public FakeTimeProvider Time { get; } = new(Start);

    public SqliteMemoryStore Store { get; }

    public string DatabasePath => Store.DatabasePath;

    /// <summary>Another store over the same file, as a second process would open it.</summary>
    public SqliteMemoryStore NewStore()
    {
        var store = new SqliteMemoryStore(Paths, _options, Time);
        _stores.Add(store);
        return store;
    }

    /// <summary>Posts a conversation whose items alternate user / assistant.</summary>
    public Task<int> AddAsync(string userId, string conversationId, params string[] contents) =>
        Store.AddConversationAsync(userId, conversationId, [.. contents.Select((c, i) => new MemoryMessage(i % 2 == 0 ? "user" : "assistant", c))]);

    public async Task<IReadOnlyList<MemoryItem>> AllAsync(string userId, MemoryFilter? filter = null) =>
        (await Store.ListAsync(userId, filter, 1, 100_000).ReadAllAsync()).Items;

    public async Task<IReadOnlyList<string>> SearchAsync(string userId, string query, MemoryFilter? filter = null, int limit = 100) =>
        [.. (await Store.SearchAsync(userId, query, filter, limit).ReadAllAsync()).Select(r => r.Item.Content)];

    public void Dispose()
    {
        foreach (var store in _stores)
        {
            store.Dispose();
        }

        if (Directory.Exists(DataDirectory))
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
    }
}
