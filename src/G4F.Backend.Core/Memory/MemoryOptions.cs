namespace G4F.Backend.Memory;

/// <summary>Options of the memory store and its endpoints, bound from <c>G4F:Memory</c>.</summary>
public sealed class MemoryOptions
{
    /// <summary>Largest accepted body of <c>POST /memory/{user_id}</c> in bytes; larger bodies get 413. Default 2 MiB (a parsed body takes many times its size in memory).</summary>
    public long MaxBodyBytes { get; set; } = 2 * 1024 * 1024;

    /// <summary>Largest <c>page_size</c> a request may ask for (list and search). Default 1000.</summary>
    public int MaxPageSize { get; set; } = 1000;

    /// <summary>How long a write waits for another writer's lock before it fails. Default 10 seconds.</summary>
    public TimeSpan BusyTimeout { get; set; } = TimeSpan.FromSeconds(10);
}
