using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using G4F.Backend.Media;
using G4F.Backend.Storage;

namespace G4F.Backend.AspNetCore.Tests.Hosting.Parts;

/// <summary>A host's own media store, in process memory: what the routes serve must come from it, never from the disk.</summary>
public sealed class MemoryMediaStore : IMediaStore
{
    private readonly ConcurrentDictionary<MediaKey, (byte[] Bytes, DateTimeOffset Written)> _blobs = new();

    public IReadOnlyCollection<MediaKey> Keys => [.. _blobs.Keys];

    public Task<StoredBlob?> OpenReadAsync(MediaKey key, CancellationToken cancellationToken) =>
        Task.FromResult(_blobs.TryGetValue(key, out var blob) ? new StoredBlob(new MemoryStream(blob.Bytes, writable: false), blob.Bytes.Length, blob.Written) : null);

    public Task<MediaEntry?> GetInfoAsync(MediaKey key, CancellationToken cancellationToken) =>
        Task.FromResult(_blobs.TryGetValue(key, out var blob) ? new MediaEntry(key, blob.Bytes.Length, blob.Written) : null);

    public async Task<MediaEntry> WriteAsync(MediaKey key, Stream content, CancellationToken cancellationToken)
    {
        using var copy = new MemoryStream();
        await content.CopyToAsync(copy, cancellationToken);
        var blob = (copy.ToArray(), DateTimeOffset.UtcNow);
        _blobs[key] = blob;
        return new MediaEntry(key, blob.Item1.Length, blob.UtcNow);
    }

    public Task<bool> DeleteAsync(MediaKey key, CancellationToken cancellationToken) => Task.FromResult(_blobs.TryRemove(key, out _));

    public async IAsyncEnumerable<MediaEntry> ListAsync(MediaArea area, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await Task.Yield();
        foreach (var (key, blob) in _blobs)
        {
            if (key.Area == area)
            {
                yield return new MediaEntry(key, blob.Bytes.Length, blob.Written);
            }
        }
    }
}
