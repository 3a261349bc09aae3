namespace G4F.Backend.Core.Tests.Providers;

/// <summary>
/// Counts the response body bytes a provider actually reads, and tells when it asks for more: a read
/// that starts after N bytes means the provider has handled those N bytes (timers included).
/// </summary>
internal sealed class ReadCountingHandler : DelegatingHandler
{
    private readonly object _gate = new();
    private readonly List<(long Bytes, TaskCompletionSource Started)> _waiters = [];
    private long _bytesRead;
    private long _bytesBeforeLastRead = -1;

    /// <summary>Body bytes read through the response content so far (not what HttpClient drains on dispose).</summary>
    public long BytesRead
    {
        get
        {
            lock (_gate)
            {
                return _bytesRead;
            }
        }
    }

    /// <summary>Completes once a read starts after at least <paramref name="bytes"/> were read (at once if one already did).</summary>
    public Task WaitForReadAfterAsync(long bytes)
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            if (_bytesBeforeLastRead >= bytes)
            {
                return Task.CompletedTask;
            }

            _waiters.Add((bytes, started));
        }

        return started.Task;
    }

    internal void ReadStarting()
    {
        List<TaskCompletionSource> ready = [];
        lock (_gate)
        {
            _bytesBeforeLastRead = _bytesRead;
            for (var i = _waiters.Count - 1; i >= 0; i--)
            {
                if (_waiters[i].Bytes <= _bytesRead)
                {
                    ready.Add(_waiters[i].Started);
                    _waiters.RemoveAt(i);
                }
            }
        }

        ready.ForEach(started => started.TrySetResult());
    }

    internal void Add(int count)
    {
        lock (_gate)
        {
            _bytesRead += count;
        }
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken);
        var original = response.Content;
        var counted = new StreamContent(new CountingReadStream(await original.ReadAsStreamAsync(cancellationToken), this));
        foreach (var (name, values) in original.Headers)
        {
            counted.Headers.TryAddWithoutValidation(name, values);
        }

        response.Content = counted;
        return response;
    }
}
