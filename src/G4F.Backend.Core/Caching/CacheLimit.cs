namespace G4F.Backend.Caching;

/// <summary>The most entries the file cache keeps of one cache (registered by the feature that owns the cache).</summary>
/// <param name="Cache">The cache's name.</param>
/// <param name="MaxEntries">The most entries; the sweep removes the ones that expire first beyond it.</param>
internal sealed record CacheLimit(string Cache, int MaxEntries);
