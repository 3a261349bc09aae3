using G4F.Backend.Buckets;
using G4F.Backend.Caching;
using G4F.Backend.Credentials;
using G4F.Backend.Media;
using G4F.Backend.Memory;
using G4F.Backend.Sharing;
using G4F.Backend.Storage;
using G4F.Backend.Usage;
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

    /// <summary>Replaces the store of shared chats (embedded default: <c>buckets/&lt;id&gt;/chat.json</c> under the data directory).</summary>
    /// <typeparam name="TStore">The store; it makes the owner check, the version check and the write one step per share id.</typeparam>
    /// <param name="builder">The backend builder.</param>
    /// <returns>The builder.</returns>
    public static IG4FBackendBuilder UseChatShareStore<TStore>(this IG4FBackendBuilder builder)
        where TStore : class, IChatShareStore => builder.UseStore<IChatShareStore, TStore>();

    /// <summary>
    /// Replaces the store of usage lines and client log lines, which also computes <c>/usage/{date}</c> and <c>/stats</c>
    /// (embedded default: <c>usage/</c> and <c>logs/</c> JSON Lines files per UTC day under the data directory).
    /// </summary>
    /// <typeparam name="TLog">The store; concurrent appends from every instance lose no line.</typeparam>
    /// <param name="builder">The backend builder.</param>
    /// <returns>The builder.</returns>
    public static IG4FBackendBuilder UseUsageLog<TLog>(this IG4FBackendBuilder builder)
        where TLog : class, IUsageLog => builder.UseStore<IUsageLog, TLog>();

    /// <summary>Replaces the store of uploaded cookie files (embedded default: the <c>cookies/</c> folder of the data directory).</summary>
    /// <typeparam name="TStore">The store.</typeparam>
    /// <param name="builder">The backend builder.</param>
    /// <returns>The builder.</returns>
    public static IG4FBackendBuilder UseCookieFileStore<TStore>(this IG4FBackendBuilder builder)
        where TStore : class, ICookieFileStore => builder.UseStore<ICookieFileStore, TStore>();
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

    /// <summary>Replaces the per-user memory store (embedded default: the SQLite database <c>memory/memory.db</c> under the data directory).</summary>
    /// <typeparam name="TStore">The store; every call is scoped to one user and never returns another user's items.</typeparam>
    /// <param name="builder">The backend builder.</param>
    /// <returns>The builder.</returns>
    public static IG4FBackendBuilder UseMemoryStore<TStore>(this IG4FBackendBuilder builder)
        where TStore : class, IMemoryStore => builder.UseStore<IMemoryStore, TStore>();

    /// <summary>
    /// Replaces the store of the <c>/create</c> answer cache and the web search cache (embedded default: files under
    /// <c>create-cache/</c> and <c>search/</c> in the data directory). The model-list cache stays in process memory.
    /// </summary>
    /// <typeparam name="TStore">The store; it never returns an expired value.</typeparam>
    /// <param name="builder">The backend builder.</param>
    /// <returns>The builder.</returns>
    public static IG4FBackendBuilder UseCacheStore<TStore>(this IG4FBackendBuilder builder)
        where TStore : class, ICacheStore => builder.UseStore<ICacheStore, TStore>();

    private static IG4FBackendBuilder UseStore<TStore, TImplementation>(this IG4FBackendBuilder builder)
        where TStore : class
        where TImplementation : class, TStore
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.Replace(ServiceDescriptor.Singleton<TStore, TImplementation>());
        return builder;
    }
}
