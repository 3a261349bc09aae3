namespace G4F.Backend.Bench;

/// <summary>Placeholder until the store it measures exists.</summary>
internal static class StatsBench
{
    public static Task RunAsync(bool quick)
    {
        _ = quick;
        Console.WriteLine("StatsBench: not implemented yet");
        return Task.CompletedTask;
    }
}
