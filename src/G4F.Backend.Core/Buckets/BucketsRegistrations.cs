using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace G4F.Backend.Buckets;

/// <summary>File buckets: uploads, their conversion, <c>downloads.json</c> crawls and the media fallback.</summary>
internal static class BucketsRegistrations
{
    public static IServiceCollection AddBuckets(this IServiceCollection services)
    {
        services.TryAddSingleton<IBucketStore, FileSystemBucketStore>();
        services.TryAddSingleton<BucketLocks>();
        services.TryAddSingleton<BucketOwners>();
        services.TryAddSingleton<BucketFolders>();
        services.TryAddSingleton<BucketText>();
        services.TryAddSingleton<BucketPartExpander>();
        services.TryAddSingleton<BucketManifest>();
        services.TryAddSingleton<BucketConversion>();
        services.TryAddSingleton<BucketUploadPreparer>();
        services.TryAddSingleton<BucketUploader>();
        services.TryAddSingleton<BucketReader>();
        services.TryAddSingleton<BucketDownloads>();
        services.TryAddSingleton<BucketFileCommitter>();
        services.TryAddSingleton<BucketMediaFetcher>();
        services.TryAddSingleton<DownloadStore>();
        services.TryAddSingleton(sp => new BucketService(
            sp.GetRequiredService<IBucketStore>(),
            sp.GetRequiredService<BucketOwners>(),
            sp.GetRequiredService<BucketFolders>(),
            sp.GetRequiredService<BucketReader>(),
            sp.GetRequiredService<BucketUploader>(),
            sp.GetRequiredService<BucketMediaFetcher>(),
            sp.GetRequiredService<IOptions<BucketOptions>>(),
            sp.GetRequiredService<ILogger<BucketService>>()));

        // The converters' bounds are configured with the buckets, where uploads are converted.
        services.TryAddSingleton(sp => sp.GetRequiredService<IOptions<BucketOptions>>().Value.ToDocumentLimits());
        return services;
    }
}
