using System.Net;
using System.Text;
using Microsoft.Extensions.DependencyInjection;

namespace G4F.Backend.Search;

/// <summary>
/// The named <see cref="HttpClient"/> of the search engines and the capped read of their answers. Engine URLs are
/// server-configured (trusted), so they are called directly; result pages are not, and go through the safe downloader.
/// </summary>
internal static class SearchHttp
{
    /// <summary>The client name.</summary>
    public const string ClientName = "G4F.Search";

    /// <summary>A browser-like agent: DuckDuckGo's HTML endpoint answers unknown agents with a bot check more often.</summary>
    public const string UserAgent = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0";

    public static void AddClient(IServiceCollection services) =>
        services.AddHttpClient(ClientName)
            // The default handlers would log the request URL, and a search URL carries the user's query.
            .RemoveAllLoggers()
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler
            {
                ConnectTimeout = TimeSpan.FromSeconds(10),
                AllowAutoRedirect = false,
                AutomaticDecompression = DecompressionMethods.All,
                UseCookies = false,
                PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            })
            // The search's own time limits (a cancellation token) bound every call.
            .ConfigureHttpClient(client => client.Timeout = System.Threading.Timeout.InfiniteTimeSpan);

    /// <summary>Reads a successful answer's body as text, refusing more than <paramref name="maxBytes"/>.</summary>
    /// <exception cref="WebSearchException">The engine answered an error status, or too much.</exception>
    public static async Task<string> ReadTextAsync(HttpResponseMessage response, string engine, int maxBytes, CancellationToken cancellationToken)
    {
        if (!response.IsSuccessStatusCode)
        {
            throw new WebSearchException($"{engine} answered {(int)response.StatusCode}.");
        }

        if (response.Content.Headers.ContentLength > maxBytes)
        {
            throw new WebSearchException($"{engine} answered with more than {maxBytes} bytes.");
        }

        var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (body.ConfigureAwait(false))
        {
            using var buffer = new MemoryStream();
            var chunk = new byte[16 * 1024];
            int read;
            while ((read = await body.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
            {
                if (buffer.Length + read > maxBytes)
                {
                    throw new WebSearchException($"{engine} answered with more than {maxBytes} bytes.");
                }

                buffer.Write(chunk, 0, read);
            }

            return Decode(buffer.GetBuffer().AsSpan(0, (int)buffer.Length), response.Content.Headers.ContentType?.CharSet);
        }
    }

    /// <summary>Decodes with the declared charset when .NET knows it, else UTF-8 (invalid bytes replaced).</summary>
    public static string Decode(ReadOnlySpan<byte> bytes, string? charset)
    {
        var encoding = Encoding.UTF8;
        if (!string.IsNullOrWhiteSpace(charset))
        {
            try
            {
                encoding = Encoding.GetEncoding(charset.Trim().Trim('"'));
            }
            catch (ArgumentException)
            {
                // An unknown charset: UTF-8 is the web's default and the best guess.
            }
        }

        return encoding.GetString(bytes);
    }
}
