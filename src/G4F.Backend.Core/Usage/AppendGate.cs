namespace G4F.Backend.Usage;

/// <summary>Serializes the appends to one day file inside the process.</summary>
internal sealed class AppendGate
{
    public SemaphoreSlim Lock { get; } = new(1, 1);
}
