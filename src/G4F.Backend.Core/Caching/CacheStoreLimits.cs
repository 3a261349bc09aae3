namespace G4F.Backend.Caching;

/// <summary>The bounds every <see cref="ICacheStore"/> keeps.</summary>
public static class CacheStoreLimits
{
    /// <summary>The largest value, in bytes (64 MiB: a whole <c>/create</c> answer of 16 Mi characters fits): larger values are not stored.</summary>
    public const int MaxEntryBytes = 64 * 1024 * 1024;

    /// <summary>The longest key, in UTF-16 code units.</summary>
    public const int MaxKeyLength = 1024;

    /// <summary>The longest cache name.</summary>
    public const int MaxCacheNameLength = 64;

    /// <summary>The most entries of a cache without a <see cref="CacheLimit"/>.</summary>
    public const int DefaultMaxEntries = 100_000;
}
