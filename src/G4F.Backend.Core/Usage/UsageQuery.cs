using System.Globalization;

namespace G4F.Backend.Usage;

/// <summary>The route and query values of the usage endpoints, checked before anything touches a file.</summary>
internal static class UsageQuery
{
    public const int DefaultDays = 30;

    /// <summary>
    /// <c>days</c> of <c>/stats</c>: an integer (surrounding spaces and a sign allowed, as Python's <c>int()</c>
    /// reads it), anything else is the default 30. Integers beyond the range saturate, so the service's clamp
    /// to 1..365 applies to them too.
    /// </summary>
    public static int ParseDays(string? value)
    {
        var text = value.AsSpan().Trim();
        var digits = text.Length > 0 && text[0] is '+' or '-' ? text[1..] : text;
        if (digits.IsEmpty || digits.ContainsAnyExceptInRange('0', '9'))
        {
            return DefaultDays;
        }

        return int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var days)
            ? days
            : text[0] == '-' ? int.MinValue : int.MaxValue;
    }

    /// <summary>
    /// <c>{date}</c> of <c>/usage/{date}</c>: exactly <c>YYYY-MM-DD</c> in ASCII digits ("Invalid date format"),
    /// and a day that exists ("Invalid date", e.g. <c>2026-02-30</c>).
    /// </summary>
    public static bool TryParseDate(string value, out DateOnly date, out string? error)
    {
        date = default;
        if (value.Length != 10 || value[4] != '-' || value[7] != '-' || !AllDigits(value.AsSpan(0, 4)) || !AllDigits(value.AsSpan(5, 2)) || !AllDigits(value.AsSpan(8, 2)))
        {
            error = "Invalid date format";
            return false;
        }

        if (!DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date))
        {
            error = "Invalid date";
            return false;
        }

        error = null;
        return true;
    }

    private static bool AllDigits(ReadOnlySpan<char> text) => !text.ContainsAnyExceptInRange('0', '9');
}
