using G4F.Backend.Configuration;
namespace G4F.Backend.QuickAnswers;

/// <summary>The answer cache of <c>GET /backend-api/v2/create?cache=...</c> (<c>G4F:Create</c>; PROTOCOL 4).</summary>
public sealed class QuickAnswerOptions
{
    /// <summary>How long a cached answer is served; older ones are asked again and removed. Zero turns the cache off. Default 7 days.</summary>
    [SpanBounds("00:00:00", OptionLimits.MaxCacheDuration, ErrorMessage = "G4F:Create:CacheDuration must not be negative (at most 3650.00:00:00).")]
    public TimeSpan CacheDuration { get; set; } = TimeSpan.FromDays(7);

    /// <summary>Most cached answers kept; beyond it the oldest are removed (checked at most every ten minutes). Default 10,000.</summary>
    [Bounds(1, int.MaxValue, ErrorMessage = "G4F:Create:MaxCacheEntries must be at least 1.")]
    public int MaxCacheEntries { get; set; } = 10_000;
}
