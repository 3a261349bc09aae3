using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace G4F.Backend.Downloads;

/// <summary>The safe downloader every fetch of a client-chosen URL goes through.</summary>
internal static class DownloadsRegistrations
{
    public static IServiceCollection AddDownloads(this IServiceCollection services)
    {
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<DownloadOptions>, DownloadNetworksValidator>());
        services.TryAddSingleton<IHostResolver, DnsHostResolver>();
        services.TryAddSingleton(sp => new AddressPolicy(sp.GetRequiredService<IOptions<DownloadOptions>>().Value.AllowedNetworks));
        services.TryAddSingleton<SafeConnector>();
        services.TryAddSingleton<SafeDownloader>();
        return services;
    }
}
