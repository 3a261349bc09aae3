using G4F.Backend.Caching;

namespace G4F.Backend.AspNetCore.Tests.WebClient;

/// <summary>A cache store whose every call fails, as a database that went away does; it counts the calls it refused.</summary>
public sealed class FailingCacheStore : ICacheStore
{
    private int _calls;

    public int Calls => Volatile.Read(ref _calls);

    public Task<byte[]?> GetAsync(string cache, string key, CancellationToken cancellationToken = default) => Fail<byte[]?>();

    public Task<bool> SetAsync(string cache, string key, ReadOnlyMemory<byte> value, DateTimeOffset expiresAt, CancellationToken cancellationToken = default) => Fail<bool>();

    public Task<bool> RemoveAsync(string cache, string key, CancellationToken cancellationToken = default) => Fail<bool>();

    private Task<T> Fail<T>()
    {
        Interlocked.Increment(ref _calls);
        return Task.FromException<T>(new InvalidOperationException("The cache store is unreachable."));
    }
}
