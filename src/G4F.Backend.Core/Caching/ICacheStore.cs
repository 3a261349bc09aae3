namespace G4F.Backend.Caching;

/// <summary>
/// Where the backend keeps what it can compute again: the answers of <c>GET /create?cache=...</c> and the day's web
/// search results. Values are bytes under a key, in named caches, each with an expiry; an expired value is never
/// returned. The default keeps files under the data directory; a host replaces it with <c>UseCacheStore</c>.
/// A cache is a convenience: callers treat a failing store as a miss.
/// </summary>
/// <remarks>
/// A cache name is 1 to 64 characters of <c>a-z</c>, <c>0-9</c> and <c>-</c>, chosen by the backend's own code.
/// A key is any text of 1 to <see cref="CacheStoreLimits.MaxKeyLength"/> characters; it may come from clients, so an
/// implementation never lets it reach a path or a query unescaped. Values of one key written at once leave one of
/// them whole.
/// </remarks>
public interface ICacheStore
{
    /// <summary>The value under <paramref name="key"/> in <paramref name="cache"/>, or null when there is none or it expired.</summary>
    /// <param name="cache">The cache's name.</param>
    /// <param name="key">The key.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The value, or null.</returns>
    Task<byte[]?> GetAsync(string cache, string key, CancellationToken cancellationToken = default);

    /// <summary>Stores <paramref name="value"/> under <paramref name="key"/>, replacing any value there, until <paramref name="expiresAt"/>.</summary>
    /// <param name="cache">The cache's name.</param>
    /// <param name="key">The key.</param>
    /// <param name="value">The value, at most <see cref="CacheStoreLimits.MaxEntryBytes"/> bytes.</param>
    /// <param name="expiresAt">The first instant at which the value is gone.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>Whether the value was stored: false when it is larger than <see cref="CacheStoreLimits.MaxEntryBytes"/> or already expired (nothing changes then).</returns>
    Task<bool> SetAsync(string cache, string key, ReadOnlyMemory<byte> value, DateTimeOffset expiresAt, CancellationToken cancellationToken = default);

    /// <summary>Removes the value under <paramref name="key"/>.</summary>
    /// <param name="cache">The cache's name.</param>
    /// <param name="key">The key.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>Whether there was a value.</returns>
    Task<bool> RemoveAsync(string cache, string key, CancellationToken cancellationToken = default);
}
