using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace G4F.Backend.Memory;

/// <summary>The per-user memory store.</summary>
internal static class MemoryRegistrations
{
    public static IServiceCollection AddMemory(this IServiceCollection services)
    {
        services.TryAddSingleton<IMemoryStore, SqliteMemoryStore>();
        services.TryAddSingleton(sp => new MemoryService(sp.GetRequiredService<IMemoryStore>()));
        return services;
    }
}
