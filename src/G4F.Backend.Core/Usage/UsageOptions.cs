using G4F.Backend.Configuration;
namespace G4F.Backend.Usage;

/// <summary>Usage and client log settings (configuration <c>G4F:Usage</c>).</summary>
public sealed class UsageOptions
{
    /// <summary>
    /// Largest accepted body of <c>POST /usage</c> and <c>POST /log</c> in bytes; larger bodies get 413.
    /// Default 64 KiB; at most 16 MiB.
    /// </summary>
    [Bounds(1, 16777216, ErrorMessage = "G4F:Usage:MaxBodyBytes must be between 1 and 16777216.")]
    public long MaxBodyBytes { get; set; } = 64 * 1024;
}
