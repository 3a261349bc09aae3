using System.Collections.Concurrent;
using G4F.Backend.Providers;
using Microsoft.Extensions.Logging;

namespace G4F.Backend.Diagnostics;

/// <summary>
/// Reachability probes of the providers for the health check, bounded so that a storm of <c>/readyz</c> calls cannot
/// become a storm of upstream requests: one probe per provider at a time, shared by concurrent callers, its result kept
/// for <see cref="CacheDuration"/>; at most <see cref="MaxConcurrent"/> probes run at once; each is cut off after
/// <see cref="Timeout"/>. A probe sends only to the provider's own base URL, with its own key.
/// </summary>
internal sealed partial class ProviderProbes(TimeProvider timeProvider, ILogger<ProviderProbes> logger) : IDisposable
{
    /// <summary>How long one probe may take before the provider counts as unreachable.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    /// <summary>How long a probe's result answers for the provider.</summary>
    public static readonly TimeSpan CacheDuration = TimeSpan.FromSeconds(30);

    /// <summary>How many probes run at once (a backend with many providers probes them in waves).</summary>
    public const int MaxConcurrent = 4;

    private readonly ConcurrentDictionary<string, ProbeEntry> _entries = new(StringComparer.OrdinalIgnoreCase);
    private readonly SemaphoreSlim _slots = new(MaxConcurrent, MaxConcurrent);

    /// <summary>The cached probe of <paramref name="provider"/>, probing when there is none or it expired.</summary>
    public async Task<ProbeResult> ProbeAsync(IChatProvider provider, IReachabilityProbe probe, CancellationToken cancellationToken)
    {
        var name = provider.Descriptor.Name;
        while (true)
        {
            // As in the model catalog: an entry's probe starts only when the entry that won the race is first read.
            var entry = _entries.GetOrAdd(name, static (_, state) => new ProbeEntry(state.probes, state.name, state.probe), (probes: this, name, probe));
            var run = entry.Run;
            if (!run.IsCompleted || run.Result.CompletedAt + CacheDuration > timeProvider.GetUtcNow())
            {
                return await run.WaitAsync(cancellationToken).ConfigureAwait(false);
            }

            _entries.TryUpdate(name, new ProbeEntry(this, name, probe), entry);
        }
    }

    public void Dispose() => _slots.Dispose();

    private async Task<ProbeResult> RunAsync(string name, IReachabilityProbe probe)
    {
        // Not tied to any caller's token: a caller that goes away cannot poison the shared result. The wait for a slot
        // is bounded too, since every probe holding one is.
        await _slots.WaitAsync().ConfigureAwait(false);
        string? reason;
        try
        {
            using var timeout = new CancellationTokenSource(Timeout, timeProvider);
            try
            {
                var status = await probe.ProbeAsync(timeout.Token).ConfigureAwait(false);

                // Any answer means the host is there (401 without a key, 404 where no listing is served); a 5xx means
                // the service behind it, or the proxy in front of it, says it cannot serve.
                reason = status >= 500 ? $"HTTP {status}" : null;
            }
            catch (OperationCanceledException) when (timeout.IsCancellationRequested)
            {
                reason = "TimeoutError";
            }
            catch (HttpRequestException)
            {
                reason = "ConnectionError";
            }
            catch (ProviderException ex)
            {
                reason = ex.ErrorName;
            }
            catch (Exception ex) when (ex is IOException or InvalidOperationException or NotSupportedException)
            {
                reason = ex.GetType().Name;
            }
        }
        finally
        {
            _slots.Release();
        }

        if (reason is not null)
        {
            LogUnreachable(logger, name, reason);
        }

        return new ProbeResult(reason is null, reason, timeProvider.GetUtcNow());
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Health probe: provider {Provider} is unreachable ({Reason})")]
    private static partial void LogUnreachable(ILogger logger, string provider, string reason);

    /// <summary>One provider's probe, started once, on first use.</summary>
    private sealed class ProbeEntry(ProviderProbes probes, string name, IReachabilityProbe probe)
    {
        private readonly Lazy<Task<ProbeResult>> _run = new(() => probes.RunAsync(name, probe), LazyThreadSafetyMode.ExecutionAndPublication);

        /// <summary>The probe; it never faults (failures are results).</summary>
        public Task<ProbeResult> Run => _run.Value;
    }
}
