namespace G4F.Backend.Configuration;

/// <summary>Bounds the option validators share, as the constant strings data-annotation attributes take.</summary>
internal static class OptionLimits
{
    /// <summary>The shortest time span accepted where a positive one is required.</summary>
    public const string MinSpan = "00:00:00.0000001";

    /// <summary>The longest delay a timer (CancelAfter) accepts: about 49.7 days.</summary>
    public const string MaxTimer = "49.17:02:47.2940000";

    private static readonly TimeSpan MaxTimerSpan = TimeSpan.Parse(MaxTimer, System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Ten years: long enough for "forever", short enough that adding it to a date cannot overflow.</summary>
    public const string MaxCacheDuration = "3650.00:00:00";

    /// <summary>Adds the failure of <paramref name="key"/> when <paramref name="value"/> is not a positive delay a timer accepts.</summary>
    public static void CheckTimer(List<string> failures, string key, TimeSpan value)
    {
        if (value <= TimeSpan.Zero || value > MaxTimerSpan)
        {
            failures.Add($"{key} must be a positive time span of at most 49.17:02:47.");
        }
    }

    /// <summary>Whether <paramref name="value"/> is an absolute http or https URL with a host.</summary>
    public static bool IsHttpUrl(string? value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps) && !string.IsNullOrEmpty(uri.Host);

    /// <summary>
    /// <paramref name="value"/> as a start-up error may show it: what could carry a secret is left out (all before the
    /// last <c>@</c>, where user info ends, after the scheme; the query; the fragment), and a long value is cut, so a
    /// mistyped URL that holds a password or a key never puts it in the log.
    /// </summary>
    public static string ShowUrl(string? value)
    {
        const int MaxShown = 200;
        if (value is null)
        {
            return string.Empty;
        }

        var shown = value;
        if (shown.IndexOfAny(['?', '#']) is var end and >= 0)
        {
            shown = shown[..end] + "...";
        }

        // The user info ends at an '@'; in a malformed value its place is unsure, so all up to the last '@' goes.
        var authority = shown.IndexOf("//", StringComparison.Ordinal) is var slashes and >= 0 ? slashes + 2 : 0;
        if (shown.LastIndexOf('@') is var at and >= 0)
        {
            var from = at >= authority ? authority : 0;
            shown = shown[..from] + "***@" + shown[(at + 1)..];
        }

        return shown.Length <= MaxShown ? shown : shown[..MaxShown] + "...";
    }
}
