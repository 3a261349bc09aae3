namespace G4F.Backend.AspNetCore.Http;

/// <summary>
/// How many streams are being relayed in this process, whatever their item type (conversation events, /v1 chunks,
/// /create text): with more of them than processors, a flush's send waits behind their work (<see cref="RelayCursor{T}"/>).
/// </summary>
internal static class RelayedStreams
{
    private static int _count;

    /// <summary>True while no more streams are relayed than the process has processors.</summary>
    public static bool Few => Volatile.Read(ref _count) <= Environment.ProcessorCount;

    public static void Started() => Interlocked.Increment(ref _count);

    public static void Ended() => Interlocked.Decrement(ref _count);
}
