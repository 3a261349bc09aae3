namespace G4F.Backend.Usage;

/// <summary>Usage and client log settings (configuration <c>G4F:Usage</c>).</summary>
public sealed class UsageOptions
{
    /// <summary>
    /// Largest accepted body of <c>POST /usage</c> and <c>POST /log</c> in bytes; larger bodies get 413.
    /// Default 64 KiB; at most 16 MiB.
    /// </summary>
    public long MaxBodyBytes { get; set; } = 64 * 1024;
}
