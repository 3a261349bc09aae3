using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace G4F.Backend.Credentials;

/// <summary>Uploaded cookie files and the handler that sends them upstream.</summary>
internal static class CredentialsRegistrations
{
    public static IServiceCollection AddCredentials(this IServiceCollection services)
    {
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IConfigureOptions<HttpClientFactoryOptions>, ProviderCookieConfigurator>());
        services.TryAddSingleton<CookieStore>();
        services.TryAddSingleton(sp => new CookieUploadService(
            sp.GetRequiredService<CookieStore>(), sp.GetRequiredService<IOptions<CookieUploadOptions>>(), sp.GetRequiredService<ILogger<CookieUploadService>>()));
        services.TryAddSingleton<ICookieFileStore, FileSystemCookieFileStore>();
        return services;
    }
}
