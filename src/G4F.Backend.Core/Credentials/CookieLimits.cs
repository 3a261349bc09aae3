namespace G4F.Backend.Credentials;

/// <summary>
/// Checks one upload's cookies against <see cref="CookieOptions"/> before anything is stored, so a flood or an oversize
/// file is refused whole and never displaces the cookies already in use.
/// </summary>
internal static class CookieLimits
{
    /// <summary>The bytes a cookie takes in a <c>Cookie</c> header, without the separator.</summary>
    public static int SizeOf(StoredCookie cookie) => cookie.Name.Length + 1 + cookie.Value.Length;

    /// <summary>The bytes of the distinct cookies of one file (a later line replaces an earlier one of the same domain, name and path).</summary>
    public static long SizeOf(IEnumerable<StoredCookie> cookies) => Distinct(cookies).Sum(c => (long)SizeOf(c));

    /// <exception cref="CookieFileException">A cookie, a domain's count or a domain's bytes are over the limits.</exception>
    public static void Check(IReadOnlyList<StoredCookie> cookies, CookieOptions limits)
    {
        if (cookies.FirstOrDefault(c => SizeOf(c) > limits.MaxCookieBytes) is { } large)
        {
            throw new CookieFileException($"A cookie for {large.Domain} is larger than {limits.MaxCookieBytes} bytes") { TooLarge = true };
        }

        foreach (var domain in Distinct(cookies).GroupBy(c => c.Domain, StringComparer.Ordinal))
        {
            if (domain.Count() > limits.MaxPerDomain)
            {
                throw new CookieFileException($"Too many cookies for {domain.Key}: at most {limits.MaxPerDomain} per domain");
            }

            if (domain.Sum(c => (long)SizeOf(c)) > limits.MaxBytesPerDomain)
            {
                throw new CookieFileException($"The cookies for {domain.Key} are larger than {limits.MaxBytesPerDomain} bytes") { TooLarge = true };
            }
        }
    }

    private static IEnumerable<StoredCookie> Distinct(IEnumerable<StoredCookie> cookies)
    {
        var latest = new Dictionary<(string Domain, string Name, string Path), StoredCookie>();
        foreach (var cookie in cookies)
        {
            latest[(cookie.Domain, cookie.Name, cookie.Path)] = cookie;
        }

        return latest.Values;
    }
}
