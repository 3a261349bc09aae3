using System.ComponentModel.DataAnnotations;
using System.Globalization;

namespace G4F.Backend.Configuration;

/// <summary>
/// An option that is an absolute http or https URL with a host (<see cref="OptionLimits.IsHttpUrl"/>). The
/// <see cref="ValidationAttribute.ErrorMessage"/> names the configuration key and may show the bad value as <c>{1}</c>,
/// without what could be a secret (<see cref="OptionLimits.ShowUrl"/>).
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
internal sealed class HttpUrlAttribute : ValidationAttribute
{
    /// <summary>Whether a missing or blank value is accepted (the option is then off); else it fails like any bad URL.</summary>
    public bool Optional { get; init; }

    public override bool IsValid(object? value) =>
        (Optional && string.IsNullOrWhiteSpace(value as string)) || (value is string url && OptionLimits.IsHttpUrl(url));

    protected override ValidationResult? IsValid(object? value, ValidationContext validationContext) =>
        IsValid(value)
            ? ValidationResult.Success
            : new ValidationResult(string.Format(CultureInfo.InvariantCulture, ErrorMessageString, validationContext.DisplayName, OptionLimits.ShowUrl(value as string)));
}
