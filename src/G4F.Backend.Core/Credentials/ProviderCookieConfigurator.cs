using G4F.Backend.Providers;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http;
using Microsoft.Extensions.Options;

namespace G4F.Backend.Credentials;

/// <summary>Puts a <see cref="CookieHeaderHandler"/> into each provider's named HTTP client.</summary>
internal sealed class ProviderCookieConfigurator : IConfigureNamedOptions<HttpClientFactoryOptions>
{
    public void Configure(string? name, HttpClientFactoryOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (name is not null && name.StartsWith(UpstreamHttpClients.ProviderPrefix, StringComparison.Ordinal))
        {
            options.HttpMessageHandlerBuilderActions.Add(builder =>
                builder.AdditionalHandlers.Add(new CookieHeaderHandler(builder.Services.GetRequiredService<CookieStore>())));
        }
    }

    public void Configure(HttpClientFactoryOptions options) => Configure(Options.DefaultName, options);
}
