using G4F.Backend.Buckets;
using G4F.Backend.Media;
using G4F.Backend.Storage;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>
/// Steps on <see cref="IG4FBackendBuilder"/> that put what the backend keeps somewhere other than the data directory:
/// one step per store, each replacing the embedded default (files, SQLite, process memory) with the host's own
/// implementation, registered as a singleton. A step called twice keeps the later implementation.
/// </summary>
public static class G4FBackendStoreBuilderExtensions
{
    /// <summary>Replaces the in-process lock that serializes writers of one stored resource.</summary>
    /// <typeparam name="TLock">A lock that holds across every instance sharing the store.</typeparam>
    /// <param name="builder">The backend builder.</param>
    /// <returns>The builder.</returns>
    public static IG4FBackendBuilder UseStorageLock<TLock>(this IG4FBackendBuilder builder)
        where TLock : class, IStorageLock => builder.UseStore<IStorageLock, TLock>();

    /// <summary>
    /// Replaces where buckets are kept (their documents, converted text, media, thumbnails and records, and the owner
    /// record of each bucket id); the embedded default keeps files under the data directory.
    /// </summary>
    /// <typeparam name="TStore">The bucket store.</typeparam>
    /// <param name="builder">The backend builder.</param>
    /// <returns>The builder.</returns>
    public static IG4FBackendBuilder UseBucketStore<TStore>(this IG4FBackendBuilder builder)
        where TStore : class, IBucketStore => builder.UseStore<IBucketStore, TStore>();

    /// <summary>
    /// Replaces where media blobs are kept (the media library, its thumbnails and the <c>?url=</c> fallbacks' fetched
    /// copies); the embedded default keeps files under the data directory.
    /// </summary>
    /// <typeparam name="TStore">The media store.</typeparam>
    /// <param name="builder">The backend builder.</param>
    /// <returns>The builder.</returns>
    public static IG4FBackendBuilder UseMediaStore<TStore>(this IG4FBackendBuilder builder)
        where TStore : class, IMediaStore => builder.UseStore<IMediaStore, TStore>();

    private static IG4FBackendBuilder UseStore<TStore, TImplementation>(this IG4FBackendBuilder builder)
        where TStore : class
        where TImplementation : class, TStore
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.Replace(ServiceDescriptor.Singleton<TStore, TImplementation>());
        return builder;
    }
}
