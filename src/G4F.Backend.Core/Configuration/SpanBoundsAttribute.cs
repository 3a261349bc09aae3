using System.ComponentModel.DataAnnotations;
using System.Globalization;

namespace G4F.Backend.Configuration;

/// <summary>
/// The inclusive bounds of a time-span option, given as invariant <c>d.hh:mm:ss</c> strings (attribute arguments must
/// be constants). See <see cref="BoundsAttribute"/> for why this is not <see cref="RangeAttribute"/>.
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
internal sealed class SpanBoundsAttribute(string minimum, string maximum) : ValidationAttribute
{
    public TimeSpan Minimum { get; } = TimeSpan.Parse(minimum, CultureInfo.InvariantCulture);

    public TimeSpan Maximum { get; } = TimeSpan.Parse(maximum, CultureInfo.InvariantCulture);

    public override bool IsValid(object? value) => value is null || (value is TimeSpan span && span >= Minimum && span <= Maximum);
}
