using G4F.Backend.Buckets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace G4F.Backend.Sharing;

/// <summary>Shared chats and their owners.</summary>
internal static class SharingRegistrations
{
    public static IServiceCollection AddSharing(this IServiceCollection services)
    {
        services.TryAddSingleton<OwnedChatShares>();
        services.TryAddSingleton<IChatShareStore, FileSystemChatShareStore>();
        services.TryAddSingleton(sp => new ChatShareService(sp.GetRequiredService<IChatShareStore>(), sp.GetRequiredService<OwnedChatShares>(), sp.GetRequiredService<BucketOwners>()));
        return services;
    }
}
