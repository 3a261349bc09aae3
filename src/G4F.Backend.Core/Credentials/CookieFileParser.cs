using System.Globalization;
using System.Text.Json;
using G4F.Backend.Providers;

namespace G4F.Backend.Credentials;

/// <summary>
/// Reads the cookie files the upload accepts (PROTOCOL 10): a <c>.json</c> export, either a browser extension's array of
/// <c>{domain, name, value, path, secure, expirationDate}</c>, a Playwright-style <c>{"cookies": [...]}</c> or a
/// <c>{"domain": {"name": "value"}}</c> map; or a <c>.har</c> archive, whose requests' cookies belong to the host they
/// went to. Cookies a <c>Cookie</c> header cannot carry are dropped rather than sent broken.
/// </summary>
internal static class CookieFileParser
{
    /// <summary>
    /// The most JSON values (tokens) a cookie file may hold. A document costs some 22 bytes of memory a value on top of the
    /// file, so a 20 MiB file of bare zeros was 235 MiB; a million values stays near 25 MiB and is far more than a browser's
    /// cookies or a long session's HAR need.
    /// </summary>
    public const int MaxValues = 1_000_000;

    private static readonly JsonDocumentOptions DocumentOptions = new() { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip };

    // The count reads the text as the parse will.
    private static readonly JsonReaderOptions CountOptions = new() { AllowTrailingCommas = DocumentOptions.AllowTrailingCommas, CommentHandling = DocumentOptions.CommentHandling };

    /// <summary>Parses <paramref name="utf8"/> as the kind its file name says.</summary>
    /// <exception cref="CookieFileException">The file is not JSON or not in a known shape.</exception>
    public static IReadOnlyList<StoredCookie> Parse(string fileName, ReadOnlyMemory<byte> utf8)
    {
        ArgumentNullException.ThrowIfNull(fileName);
        var har = fileName.EndsWith(".har", StringComparison.OrdinalIgnoreCase);
        JsonDocument document;
        try
        {
            if (!JsonValueCount.IsWithin(utf8.Span, MaxValues, CountOptions))
            {
                throw new CookieFileException($"A cookie file may hold at most {MaxValues} JSON values") { TooLarge = true };
            }

            document = JsonDocument.Parse(utf8, DocumentOptions);
        }
        catch (JsonException ex)
        {
            // The parser's message quotes no content, only the position.
            throw new CookieFileException($"The {(har ? ".har" : ".json")} file is not valid JSON (line {ex.LineNumber + 1})", ex);
        }

        using (document)
        {
            var cookies = new List<StoredCookie>();
            if (har)
            {
                HarCookieReader.Read(document.RootElement, cookies);
            }
            else
            {
                ReadJson(document.RootElement, cookies);
            }

            return cookies;
        }
    }

    private static void ReadJson(JsonElement root, List<StoredCookie> cookies)
    {
        if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("cookies", out var list) && list.ValueKind == JsonValueKind.Array)
        {
            root = list;
        }

        if (root.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in root.EnumerateArray())
            {
                if (item.ValueKind == JsonValueKind.Object)
                {
                    AddExported(item, cookies);
                }
            }

            return;
        }

        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new CookieFileException("A .json cookie file must be a list of cookies or an object of domains");
        }

        foreach (var domain in root.EnumerateObject())
        {
            if (domain.Value.ValueKind != JsonValueKind.Object)
            {
                throw new CookieFileException("A .json cookie file object must map each domain to an object of cookie names and values");
            }

            foreach (var cookie in domain.Value.EnumerateObject())
            {
                if (cookie.Value.ValueKind == JsonValueKind.String)
                {
                    Add(cookies, domain.Name, cookie.Name, cookie.Value.GetString(), path: null, secure: false, expires: null);
                }
            }
        }
    }

    // One cookie of a browser extension's export; entries without a domain, name or value are skipped like the original does.
    private static void AddExported(JsonElement item, List<StoredCookie> cookies)
    {
        var expires = Number(item, "expirationDate") ?? Number(item, "expires");
        Add(
            cookies,
            String(item, "domain"),
            String(item, "name"),
            String(item, "value"),
            String(item, "path"),
            item.TryGetProperty("secure", out var secure) && secure.ValueKind == JsonValueKind.True,
            expires is > 0 and < 253402300800 ? DateTimeOffset.FromUnixTimeMilliseconds((long)Math.Round(expires.Value * 1000)) : null);
    }

    /// <summary>Adds a cookie when every part of it can go into a header.</summary>
    internal static void Add(List<StoredCookie> cookies, string? domain, string? name, string? value, string? path, bool secure, DateTimeOffset? expires)
    {
        if (CookieDomain.Normalize(domain) is not { } normalized || string.IsNullOrEmpty(name) || value is null
            || !IsToken(name) || !IsCookieValue(value) || !CookieDomain.IsHostName(normalized))
        {
            return;
        }

        path = string.IsNullOrEmpty(path) || !path.StartsWith('/') || !IsCookieValue(path) ? "/" : path;
        cookies.Add(new StoredCookie(normalized, name, value, path, secure, expires));
    }

    /// <summary>Reads an ISO date or null.</summary>
    internal static DateTimeOffset? Date(JsonElement item, string property) =>
        String(item, property) is { } text && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var date) ? date : null;

    internal static string? String(JsonElement item, string property) =>
        item.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static double? Number(JsonElement item, string property) =>
        item.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out var number) ? number : null;

    // RFC 7230 token characters.
    private static bool IsToken(string name)
    {
        foreach (var c in name)
        {
            if (c is <= ' ' or >= (char)0x7F || "()<>@,;:\\\"/[]?={}".Contains(c, StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }

    // Printable ASCII without the separator; anything else would break or split the Cookie header.
    private static bool IsCookieValue(string value) => !value.AsSpan().ContainsAnyExceptInRange('!', '~') && !value.Contains(';', StringComparison.Ordinal);
}
