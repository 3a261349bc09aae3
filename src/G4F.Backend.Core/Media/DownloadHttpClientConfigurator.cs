using System.Net;
using Microsoft.Extensions.Http;
using Microsoft.Extensions.Options;

namespace G4F.Backend.Media;

/// <summary>
/// Builds the handler of the download client (<see cref="SafeDownloader.HttpClientName"/>): connections only through
/// <see cref="SafeConnector"/>, no automatic redirects (each hop is checked by the downloader), no cookies, no proxy
/// from the environment (a proxy would resolve the name itself and defeat the address check), no decompression
/// (a small compressed body must not unpack past the size cap).
/// </summary>
internal sealed class DownloadHttpClientConfigurator(SafeConnector connector) : IConfigureNamedOptions<HttpClientFactoryOptions>
{
    public void Configure(string? name, HttpClientFactoryOptions options)
    {
        if (name != SafeDownloader.HttpClientName)
        {
            return;
        }

        options.HttpMessageHandlerBuilderActions.Add(builder => builder.PrimaryHandler = new SocketsHttpHandler
        {
            ConnectCallback = connector.ConnectAsync,
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.None,
            UseCookies = false,
            UseProxy = false,
            PooledConnectionLifetime = TimeSpan.FromMinutes(1),
        });

        // The downloader bounds the whole download (redirects included) itself.
        options.HttpClientActions.Add(client => client.Timeout = Timeout.InfiniteTimeSpan);
    }

    public void Configure(HttpClientFactoryOptions options) => Configure(Microsoft.Extensions.Options.Options.DefaultName, options);
}
