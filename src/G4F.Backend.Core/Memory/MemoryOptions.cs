using G4F.Backend.Configuration;
namespace G4F.Backend.Memory;

/// <summary>Options of the memory store and its endpoints, bound from <c>G4F:Memory</c>.</summary>
public sealed class MemoryOptions
{
    /// <summary>Largest accepted body of <c>POST /memory/{user_id}</c> in bytes; larger bodies get 413. Default 2 MiB (a parsed body takes many times its size in memory).</summary>
    [Bounds(1, long.MaxValue, ErrorMessage = "G4F:Memory:MaxBodyBytes must be positive.")]
    public long MaxBodyBytes { get; set; } = 2 * 1024 * 1024;

    /// <summary>Largest <c>page_size</c> a request may ask for (list and search). Default 1000.</summary>
    [Bounds(1, 100_000, ErrorMessage = "G4F:Memory:MaxPageSize must be between 1 and 100000.")]
    public int MaxPageSize { get; set; } = 1000;

    /// <summary>How long a write waits for another writer's lock before it fails. Default 10 seconds.</summary>
    [SpanBounds(OptionLimits.MinSpan, OptionLimits.MaxTimer, ErrorMessage = "G4F:Memory:BusyTimeout must be a positive time span of at most 49.17:02:47.")]
    public TimeSpan BusyTimeout { get; set; } = TimeSpan.FromSeconds(10);
}
