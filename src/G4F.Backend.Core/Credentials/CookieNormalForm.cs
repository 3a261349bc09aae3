using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace G4F.Backend.Credentials;

/// <summary>
/// The compact form an upload is stored in: only the cookies parsed from it, in their order, as a file of the same kind
/// (a <c>.json</c> export array, or a <c>.har</c> archive with one request per run of cookies of one host), so the
/// parser reads it back to the same cookies, an instance of an earlier version reads it too, and an operator can download
/// and upload it again. A browser's <c>.har</c> is mostly response bodies and headers the backend never uses: stored whole,
/// a 20 MiB file would count 20 MiB against nothing; in this form its bytes are what <see cref="CookieOptions.MaxTotalBytes"/> bounds.
/// </summary>
internal static class CookieNormalForm
{
    private static readonly JsonWriterOptions WriterOptions = new()
    {
        // Cookie parts are printable ASCII (the parser drops anything else); the file is never served as HTML, so the
        // default escaping of '+', '&' and quotes would only make it larger.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>The bytes to store for <paramref name="cookies"/> parsed from a file named <paramref name="fileName"/>.</summary>
    public static byte[] Write(string fileName, IReadOnlyList<StoredCookie> cookies)
    {
        ArgumentNullException.ThrowIfNull(fileName);
        ArgumentNullException.ThrowIfNull(cookies);
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            if (fileName.EndsWith(".har", StringComparison.OrdinalIgnoreCase))
            {
                WriteHar(writer, cookies);
            }
            else
            {
                WriteExport(writer, cookies);
            }
        }

        return buffer.ToArray();
    }

    // A browser extension's export: secure and expiry only when set, as the parser reads them.
    private static void WriteExport(Utf8JsonWriter writer, IReadOnlyList<StoredCookie> cookies)
    {
        writer.WriteStartArray();
        foreach (var cookie in cookies)
        {
            writer.WriteStartObject();
            writer.WriteString("domain", cookie.Domain);
            writer.WriteString("name", cookie.Name);
            writer.WriteString("value", cookie.Value);
            writer.WriteString("path", cookie.Path);
            if (cookie.Secure)
            {
                writer.WriteBoolean("secure", true);
            }

            if (cookie.Expires is { } expires)
            {
                // Exact milliseconds as a decimal number of seconds, as the exports write it.
                writer.WriteNumber("expirationDate", expires.ToUnixTimeMilliseconds() / 1000m);
            }

            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }

    // A .har's cookies are host-only, at "/", not secure (HarCookieReader): a request to the host carries them.
    private static void WriteHar(Utf8JsonWriter writer, IReadOnlyList<StoredCookie> cookies)
    {
        writer.WriteStartObject();
        writer.WriteStartObject("log");
        writer.WriteStartArray("entries");
        string? host = null;
        foreach (var cookie in cookies)
        {
            if (cookie.Domain != host)
            {
                if (host is not null)
                {
                    EndEntry(writer);
                }

                host = cookie.Domain;
                writer.WriteStartObject();
                writer.WriteStartObject("request");
                writer.WriteString("method", "GET");
                // The reader keeps a host without brackets (IdnHost): an IPv6 literal needs them back to be a URL.
                var authority = Uri.CheckHostName(host) == UriHostNameType.IPv6 ? "[" + host + "]" : host;
                writer.WriteString("url", "https://" + authority + "/");
                writer.WriteStartArray("cookies");
            }

            writer.WriteStartObject();
            writer.WriteString("name", cookie.Name);
            writer.WriteString("value", cookie.Value);
            if (cookie.Expires is { } expires)
            {
                writer.WriteString("expires", expires.ToUniversalTime().ToString("o", CultureInfo.InvariantCulture));
            }

            writer.WriteEndObject();
        }

        if (host is not null)
        {
            EndEntry(writer);
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    private static void EndEntry(Utf8JsonWriter writer)
    {
        writer.WriteEndArray();
        writer.WriteEndObject();
        writer.WriteEndObject();
    }
}
