using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace G4F.Backend.Usage;

/// <summary>The usage log and the caller's view of it.</summary>
internal static class UsageRegistrations
{
    public static IServiceCollection AddUsage(this IServiceCollection services)
    {
        services.TryAddSingleton<IUsageLog, FileUsageLog>();
        services.TryAddSingleton<CallerUsage>();
        services.TryAddSingleton<UsageRecorder>();
        services.TryAddSingleton(sp => new UsageService(sp.GetRequiredService<IUsageLog>(), sp.GetRequiredService<CallerUsage>()));
        return services;
    }
}
