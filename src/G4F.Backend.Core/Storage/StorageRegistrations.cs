using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace G4F.Backend.Storage;

/// <summary>The data directory's plumbing every store uses.</summary>
internal static class StorageRegistrations
{
    public static IServiceCollection AddStorage(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<DataPaths>();
        services.TryAddSingleton<ScratchSpace>();
        services.TryAddSingleton<IStorageLock, InProcessStorageLock>();
        return services;
    }
}
