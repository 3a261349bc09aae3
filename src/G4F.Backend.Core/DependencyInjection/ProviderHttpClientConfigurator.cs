using System.Net;
using G4F.Backend.Providers;
using G4F.Backend.Versioning;
using Microsoft.Extensions.Http;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>
/// Gives each provider's named HTTP client its own connect timeout and no overall timeout (streams
/// are bounded by the first-byte and idle limits instead); redirects are not followed. Provider clients go without
/// the factory's logging handlers (the provider logs the status and failures itself).
/// </summary>
internal sealed class ProviderHttpClientConfigurator(IOptions<ProviderCatalogOptions> catalog, IOptions<VersionCheckOptions> version) : IConfigureNamedOptions<HttpClientFactoryOptions>
{
    public void Configure(string? name, HttpClientFactoryOptions clientOptions)
    {
        if (name is null)
        {
            return;
        }

        TimeSpan connect;
        if (name.StartsWith(UpstreamHttpClients.ProviderPrefix, StringComparison.Ordinal))
        {
            var providerName = name[UpstreamHttpClients.ProviderPrefix.Length..];
            connect = catalog.Value.Providers.TryGetValue(providerName, out var provider) ? provider.Timeouts.Connect : new ProviderTimeouts().Connect;

            // The default handlers log (and open a scope, formatting the URL) around every request whatever the level:
            // per-turn work on the hot path for what the provider's own log lines already say.
            HttpClientLoggers.RemoveAll(clientOptions);
        }
        else if (name == UpstreamHttpClients.Version)
        {
            connect = version.Value.LatestVersionTimeout;
        }
        else
        {
            return;
        }

        clientOptions.HttpMessageHandlerBuilderActions.Add(builder => builder.PrimaryHandler = new SocketsHttpHandler
        {
            ConnectTimeout = connect,
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.All,
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            UseCookies = false,
        });
        clientOptions.HttpClientActions.Add(client => client.Timeout = Timeout.InfiniteTimeSpan);
    }

    public void Configure(HttpClientFactoryOptions options) => Configure(Microsoft.Extensions.Options.Options.DefaultName, options);
}
