using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace G4F.Backend.Media;

/// <summary>The generated-media library, its thumbnails and the <c>?url=</c> fallback's copies.</summary>
internal static class MediaRegistrations
{
    public static IServiceCollection AddMedia(this IServiceCollection services)
    {
        services.TryAddSingleton<IMediaStore, FileSystemMediaStore>();
        services.TryAddSingleton<ImageThumbnails>();
        services.TryAddSingleton<MediaLibrary>();
        services.TryAddSingleton<MediaSearch>();
        services.TryAddSingleton<FallbackFetchGate>();
        services.TryAddSingleton<FetchedMediaCache>();
        services.TryAddSingleton<MediaUrlFallback>();
        services.TryAddSingleton(sp => new MediaService(sp.GetRequiredService<MediaUrlFallback>(), sp.GetRequiredService<MediaSearch>()));
        return services;
    }
}
