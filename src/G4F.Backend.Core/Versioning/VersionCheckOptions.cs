using System.ComponentModel.DataAnnotations;
using G4F.Backend.Configuration;

namespace G4F.Backend.Versioning;

/// <summary>The latest-version lookup of <c>/version</c>; the keys sit at the root of <c>G4F</c>.</summary>
internal sealed class VersionCheckOptions : IValidatableObject
{
    public string? LatestVersionUrl { get; init; }

    [SpanBounds(OptionLimits.MinSpan, OptionLimits.MaxTimer, ErrorMessage = "G4F:LatestVersionTimeout must be a positive time span of at most 49.17:02:47.")]
    public TimeSpan LatestVersionTimeout { get; init; } = TimeSpan.FromSeconds(3);

    [SpanBounds(OptionLimits.MinSpan, OptionLimits.MaxCacheDuration, ErrorMessage = "G4F:LatestVersionCacheDuration must be a positive time span of at most 3650.00:00:00.")]
    public TimeSpan LatestVersionCacheDuration { get; init; } = TimeSpan.FromHours(1);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!string.IsNullOrEmpty(LatestVersionUrl) && !OptionLimits.IsHttpUrl(LatestVersionUrl))
        {
            yield return new ValidationResult($"G4F:LatestVersionUrl must be an absolute http or https URL, not '{OptionLimits.ShowUrl(LatestVersionUrl)}'.");
        }
    }
}
