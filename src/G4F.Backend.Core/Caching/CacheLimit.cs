namespace G4F.Backend.Caching;

/// <summary>
/// The most entries an <see cref="ICacheStore"/> keeps of one cache, registered by the feature that owns the cache (a
/// cache without one keeps at most <see cref="CacheStoreLimits.DefaultMaxEntries"/>). Beyond it the entries that expire
/// first go; a store of its own reads the registered limits as <c>IEnumerable&lt;CacheLimit&gt;</c>.
/// </summary>
/// <param name="Cache">The cache's name.</param>
/// <param name="MaxEntries">The most entries.</param>
public sealed record CacheLimit(string Cache, int MaxEntries);
