using System.Text.Json;

namespace G4F.Backend.Credentials;

/// <summary>
/// The cookies of a <c>.har</c> archive: each entry's request cookies (its <c>cookies</c> array, or else its
/// <c>Cookie</c> header) belong to the host of that request (<c>Host</c>/<c>:authority</c> header, or its URL), host-only.
/// Later entries win, as the newest cookie of a session is the one that works.
/// </summary>
internal static class HarCookieReader
{
    public static void Read(JsonElement root, List<StoredCookie> cookies)
    {
        if (root.ValueKind != JsonValueKind.Object
            || !root.TryGetProperty("log", out var log) || log.ValueKind != JsonValueKind.Object
            || !log.TryGetProperty("entries", out var entries) || entries.ValueKind != JsonValueKind.Array)
        {
            throw new CookieFileException("A .har file must be an object with a log.entries list");
        }

        foreach (var entry in entries.EnumerateArray())
        {
            if (entry.ValueKind == JsonValueKind.Object && entry.TryGetProperty("request", out var request) && request.ValueKind == JsonValueKind.Object
                && Host(request) is { } host)
            {
                AddRequestCookies(request, host, cookies);
            }
        }
    }

    private static void AddRequestCookies(JsonElement request, string host, List<StoredCookie> cookies)
    {
        var added = cookies.Count;
        if (request.TryGetProperty("cookies", out var list) && list.ValueKind == JsonValueKind.Array)
        {
            foreach (var cookie in list.EnumerateArray())
            {
                if (cookie.ValueKind == JsonValueKind.Object)
                {
                    CookieFileParser.Add(cookies, host, CookieFileParser.String(cookie, "name"), CookieFileParser.String(cookie, "value"), path: null, secure: false, CookieFileParser.Date(cookie, "expires"));
                }
            }
        }

        if (cookies.Count > added)
        {
            return;
        }

        foreach (var header in Headers(request, "cookie"))
        {
            foreach (var pair in header.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                var equals = pair.IndexOf('=', StringComparison.Ordinal);
                if (equals > 0)
                {
                    CookieFileParser.Add(cookies, host, pair[..equals].Trim(), pair[(equals + 1)..].Trim(), path: null, secure: false, expires: null);
                }
            }
        }
    }

    private static string? Host(JsonElement request)
    {
        string? authority = null;
        foreach (var value in Headers(request, "host", ":authority"))
        {
            authority = value;
        }

        if (authority is null && CookieFileParser.String(request, "url") is { } url && Uri.TryCreate(url, UriKind.Absolute, out var uri))
        {
            return uri.IdnHost;
        }

        return authority is not null && Uri.TryCreate("https://" + authority.Trim(), UriKind.Absolute, out var parsed) ? parsed.IdnHost : null;
    }

    private static IEnumerable<string> Headers(JsonElement request, params string[] names)
    {
        if (!request.TryGetProperty("headers", out var headers) || headers.ValueKind != JsonValueKind.Array)
        {
            yield break;
        }

        foreach (var header in headers.EnumerateArray())
        {
            if (header.ValueKind == JsonValueKind.Object
                && CookieFileParser.String(header, "name") is { } name
                && names.Contains(name, StringComparer.OrdinalIgnoreCase)
                && CookieFileParser.String(header, "value") is { } value)
            {
                yield return value;
            }
        }
    }
}
