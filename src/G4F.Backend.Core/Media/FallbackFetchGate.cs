using G4F.Backend.Downloads;
using Microsoft.Extensions.Options;

namespace G4F.Backend.Media;

/// <summary>
/// The one server-wide limit on <c>?url=</c> fallback fetches (<c>Downloads:MaxConcurrentFetches</c>), shared by the bucket
/// media and the media folder routes: every fetch holds a connection and a temporary file, and any client can ask for one.
/// </summary>
internal sealed class FallbackFetchGate : IDisposable
{
    private readonly SemaphoreSlim _slots;

    public FallbackFetchGate(IOptions<DownloadOptions> options)
    {
        var limit = options.Value.MaxConcurrentFetches;
        _slots = new SemaphoreSlim(limit, limit);
    }

    /// <summary>Takes a slot without waiting; false when every slot is taken (the caller answers at once instead of queueing).</summary>
    public Task<bool> TryEnterAsync(CancellationToken cancellationToken) => _slots.WaitAsync(0, cancellationToken);

    /// <summary>Gives back a slot taken by <see cref="TryEnterAsync"/>.</summary>
    public void Release() => _slots.Release();

    public void Dispose() => _slots.Dispose();
}
