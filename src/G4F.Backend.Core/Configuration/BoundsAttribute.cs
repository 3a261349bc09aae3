using System.ComponentModel.DataAnnotations;

namespace G4F.Backend.Configuration;

/// <summary>
/// The inclusive bounds of a whole-number option. Used instead of <see cref="RangeAttribute"/> because the options
/// validator generator replaces that attribute with a copy that drops <see cref="ValidationAttribute.ErrorMessage"/>,
/// and the message must name the configuration key.
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
internal sealed class BoundsAttribute(long minimum, long maximum) : ValidationAttribute
{
    public long Minimum { get; } = minimum;

    public long Maximum { get; } = maximum;

    public override bool IsValid(object? value) => value switch
    {
        null => true,
        int number => number >= Minimum && number <= Maximum,
        long number => number >= Minimum && number <= Maximum,
        _ => false,
    };
}
