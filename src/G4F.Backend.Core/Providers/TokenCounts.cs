using System.Text.Json;

namespace G4F.Backend.Providers;

/// <summary>
/// Token counts as upstreams report them: JSON numbers of any size or form (<c>12</c>, <c>12.0</c>, <c>1e400</c>).
/// A count is only informational, so an odd one is clamped or dropped, never a reason to fail the turn.
/// </summary>
internal static class TokenCounts
{
    /// <summary>The count at the reader's number token: an integer as is, a finite real clamped to <see cref="long"/>, else null.</summary>
    public static long? Read(ref readonly Utf8JsonReader reader)
    {
        if (reader.TryGetInt64(out var count))
        {
            return count;
        }

        return reader.TryGetDouble(out var real) ? Clamp(real) : null;
    }

    /// <summary>The count of a number element: an integer as is, a finite real clamped to <see cref="long"/>, else null.</summary>
    public static long? Read(JsonElement element)
    {
        if (element.ValueKind != JsonValueKind.Number)
        {
            return null;
        }

        if (element.TryGetInt64(out var count))
        {
            return count;
        }

        return element.TryGetDouble(out var real) ? Clamp(real) : null;
    }

    /// <summary>The sum, saturated at the ends of <see cref="long"/> rather than wrapping into a negative total.</summary>
    public static long Sum(long a, long b) => (long)Int128.Clamp((Int128)a + b, long.MinValue, long.MaxValue);

    // Numbers beyond double's range parse as infinities: nothing countable was sent, so the field is dropped.
    private static long? Clamp(double value) => value switch
    {
        _ when !double.IsFinite(value) => null,
        >= 9.2233720368547758E18 => long.MaxValue,
        <= -9.2233720368547758E18 => long.MinValue,
        _ => (long)value,
    };
}
