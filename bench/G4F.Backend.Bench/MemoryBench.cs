namespace G4F.Backend.Bench;

/// <summary>Placeholder until the store it measures exists.</summary>
internal static class MemoryBench
{
    public static Task RunAsync(bool quick)
    {
        _ = quick;
        Console.WriteLine("MemoryBench: not implemented yet");
        return Task.CompletedTask;
    }
}
