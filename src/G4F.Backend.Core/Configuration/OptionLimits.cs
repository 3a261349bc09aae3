namespace G4F.Backend.Configuration;

/// <summary>Bounds the option validators share, as the constant strings data-annotation attributes take.</summary>
internal static class OptionLimits
{
    /// <summary>The shortest time span accepted where a positive one is required.</summary>
    public const string MinSpan = "00:00:00.0000001";

    /// <summary>The longest delay a timer (CancelAfter) accepts: about 49.7 days.</summary>
    public const string MaxTimer = "49.17:02:47.2940000";

    /// <summary>Ten years: long enough for "forever", short enough that adding it to a date cannot overflow.</summary>
    public const string MaxCacheDuration = "3650.00:00:00";

    /// <summary>Whether <paramref name="value"/> is an absolute http or https URL with a host.</summary>
    public static bool IsHttpUrl(string? value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps) && !string.IsNullOrEmpty(uri.Host);
}
