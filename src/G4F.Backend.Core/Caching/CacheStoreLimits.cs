namespace G4F.Backend.Caching;

/// <summary>The bounds every <see cref="ICacheStore"/> keeps.</summary>
public static class CacheStoreLimits
{
    /// <summary>The largest value, in bytes (8 MiB): larger values are not stored.</summary>
    public const int MaxEntryBytes = 8 * 1024 * 1024;

    /// <summary>The longest key, in UTF-16 code units.</summary>
    public const int MaxKeyLength = 1024;

    /// <summary>The longest cache name.</summary>
    public const int MaxCacheNameLength = 64;
}
