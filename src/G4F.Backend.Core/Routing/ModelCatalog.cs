using System.Collections.Concurrent;
using G4F.Backend.Providers;
using G4F.Backend.Telemetry;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace G4F.Backend.Routing;

/// <summary>
/// Model lists of the providers, discovered from the upstreams and cached with a TTL. A provider that
/// is down or slower than <see cref="G4FBackendOptions.ModelListTimeout"/> is listed with no models for
/// a short while and never stalls or breaks the lists of the others. Concurrent callers share one lookup.
/// </summary>
internal sealed partial class ModelCatalog(
    ProviderRegistry registry,
    IOptions<RoutingOptions> options,
    TimeProvider timeProvider,
    ILogger<ModelCatalog> logger) : IServedModels
{
    private readonly ConcurrentDictionary<string, CacheEntry> _entries = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The models of every enabled provider, in routing order; failures are empty lists.</summary>
    public async Task<IReadOnlyList<KeyValuePair<string, IReadOnlyList<string>>>> GetAllAsync(CancellationToken cancellationToken)
    {
        var lookups = registry.All.Select(p => GetModelsAsync(p, cancellationToken)).ToArray();
        var lists = await Task.WhenAll(lookups).ConfigureAwait(false);
        return [.. registry.All.Select((p, i) => KeyValuePair.Create(p.Descriptor.Name, lists[i]))];
    }

    /// <summary>Every enabled provider's model ids for <c>/models</c>: listed plus configured capability models.</summary>
    public async Task<IReadOnlyList<KeyValuePair<string, IReadOnlyList<string>>>> GetAllModelIdsAsync(CancellationToken cancellationToken)
    {
        var all = await GetAllAsync(cancellationToken).ConfigureAwait(false);
        return [.. all.Select((entry, i) => KeyValuePair.Create(entry.Key, ModelDescriptions.AllIds(registry.All[i].Descriptor, entry.Value)))];
    }

    /// <summary>
    /// The models of one provider with capability flags for <c>/models/{provider}</c>; for
    /// <c>AnyProvider</c> the union of all enabled providers except <paramref name="ignored"/>.
    /// </summary>
    /// <exception cref="ProviderNotFoundException">No such provider.</exception>
    /// <exception cref="ProviderException">The named provider could not list its models.</exception>
    public async Task<IReadOnlyList<ModelInfo>> DescribeAsync(string providerName, string? apiKey, IReadOnlyCollection<string> ignored, CancellationToken cancellationToken)
    {
        if (string.Equals(providerName, RoutePlan.AutomaticName, StringComparison.OrdinalIgnoreCase))
        {
            var providers = registry.All.Where(p => !ProviderSelection.IsIgnored(p.Descriptor, ignored)).ToList();
            var lists = await Task.WhenAll(providers.Select(p => GetModelsAsync(p, cancellationToken))).ConfigureAwait(false);
            return ModelDescriptions.ForAutomatic([.. providers.Select((p, i) => (p.Descriptor, lists[i]))]);
        }

        var provider = registry.Find(providerName) ?? throw new ProviderNotFoundException(providerName);
        var listed = await GetModelsOrThrowAsync(provider, ProviderSelection.ClientKey(apiKey, options.Value.AllowClientApiKeys), cancellationToken).ConfigureAwait(false);
        return ModelDescriptions.ForProvider(provider.Descriptor, listed);
    }

    /// <summary>The cached models of <paramref name="provider"/>; empty when the lookup failed or timed out.</summary>
    public async Task<IReadOnlyList<string>> GetModelsAsync(IChatProvider provider, CancellationToken cancellationToken)
    {
        var result = await GetResultAsync(provider, cancellationToken).ConfigureAwait(false);
        return result.Models;
    }

    /// <summary>The cached models of <paramref name="provider"/> and whether its listing failed (then the list is empty).</summary>
    public async Task<(IReadOnlyList<string> Models, bool Failed)> GetListingAsync(IChatProvider provider, CancellationToken cancellationToken)
    {
        var result = await GetResultAsync(provider, cancellationToken).ConfigureAwait(false);
        return (result.Models, result.Error is not null);
    }

    /// <summary>
    /// The models of <paramref name="provider"/>, throwing the lookup's <see cref="ProviderException"/>
    /// instead of answering an empty list. With <paramref name="apiKey"/> the upstream is asked directly, bypassing the cache.
    /// </summary>
    public async Task<IReadOnlyList<string>> GetModelsOrThrowAsync(IChatProvider provider, string? apiKey, CancellationToken cancellationToken)
    {
        if (!string.IsNullOrEmpty(apiKey))
        {
            using var timeout = new CancellationTokenSource(options.Value.ModelListTimeout, timeProvider);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
            try
            {
                return await provider.ListModelsAsync(apiKey, linked.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException ex) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                throw TimedOut(provider, ex);
            }
        }

        var result = await GetResultAsync(provider, cancellationToken).ConfigureAwait(false);
        return result.Error is null ? result.Models : throw result.Error;
    }

    /// <summary>
    /// The catalog's own spelling of <paramref name="model"/> when <paramref name="provider"/> is known to serve it
    /// (configured, capability or default models, or a listing already in the cache), else null. Never waits and never
    /// starts a listing: telemetry, which must not name what a caller made up, must not add upstream requests either.
    /// A provider named in a request is called without its listing, so until a route or a client's model list has
    /// fetched it, only its configured models are named.
    /// </summary>
    public string? KnownId(IChatProvider provider, string? model)
    {
        if (string.IsNullOrEmpty(model))
        {
            return null;
        }

        var listed = _entries.TryGetValue(provider.Descriptor.Name, out var entry) && entry.TryGetCompleted(out var result) && result.Error is null
            ? result.Models
            : provider.Descriptor.Models ?? [];
        foreach (var id in ModelDescriptions.AllIds(provider.Descriptor, listed))
        {
            if (string.Equals(id, model, StringComparison.OrdinalIgnoreCase))
            {
                return id;
            }
        }

        return null;
    }

    private async Task<LookupResult> GetResultAsync(IChatProvider provider, CancellationToken cancellationToken)
    {
        var name = provider.Descriptor.Name;
        var now = timeProvider.GetUtcNow();
        while (true)
        {
            // GetOrAdd and TryUpdate may build entries that lose the race; an entry's lookup only starts
            // when the entry that won is first read, so losers never reach the upstream.
            var entry = _entries.GetOrAdd(name, static (_, state) => new CacheEntry(state.catalog, state.provider), (catalog: this, provider));
            var lookup = entry.Lookup;
            if (!lookup.IsCompleted || entry.ExpiresAt(options.Value) > now)
            {
                return await lookup.WaitAsync(cancellationToken).ConfigureAwait(false);
            }

            // Expired: replace it unless another caller already did, then look again.
            _entries.TryUpdate(name, new CacheEntry(this, provider), entry);
        }
    }

    private async Task<LookupResult> LookupAsync(IChatProvider provider)
    {
        // The shared lookup is not tied to any one caller's token, so a caller that goes away cannot poison it.
        using var timeout = new CancellationTokenSource(options.Value.ModelListTimeout, timeProvider);
        try
        {
            var models = await provider.ListModelsAsync(null, timeout.Token).ConfigureAwait(false);
            return new LookupResult(models, null, timeProvider.GetUtcNow());
        }
        catch (OperationCanceledException ex) when (timeout.IsCancellationRequested)
        {
            LogLookupFailed(logger, provider.Descriptor.Name, "TimeoutError");
            return new LookupResult([], TimedOut(provider, ex), timeProvider.GetUtcNow());
        }
        catch (ProviderException ex)
        {
            LogLookupFailed(logger, provider.Descriptor.Name, ex.ErrorName);
            return new LookupResult([], ex, timeProvider.GetUtcNow());
        }
        catch (Exception ex)
        {
            LogLookupFailed(logger, provider.Descriptor.Name, ex.GetType().Name);
            return new LookupResult([], new ProviderException("ResponseError", $"Listing the models of {provider.Descriptor.Name} failed", innerException: ex), timeProvider.GetUtcNow());
        }
    }

    private ProviderException TimedOut(IChatProvider provider, Exception inner) =>
        new("TimeoutError", $"{provider.Descriptor.Name} did not list its models within {options.Value.ModelListTimeout.TotalSeconds:0.###} s", innerException: inner);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Listing the models of provider {Provider} failed: {ErrorName}")]
    private static partial void LogLookupFailed(ILogger logger, string provider, string errorName);

    private sealed record LookupResult(IReadOnlyList<string> Models, ProviderException? Error, DateTimeOffset CompletedAt);

    /// <summary>One provider's lookup, started once, on first use.</summary>
    private sealed class CacheEntry(ModelCatalog catalog, IChatProvider provider)
    {
        private readonly Lazy<Task<LookupResult>> _lookup = new(() => catalog.LookupAsync(provider), LazyThreadSafetyMode.ExecutionAndPublication);

        public Task<LookupResult> Lookup => _lookup.Value;

        /// <summary>The lookup's result when it was started and has completed; never starts it.</summary>
        public bool TryGetCompleted(out LookupResult result)
        {
            result = default!;
            if (!_lookup.IsValueCreated || !_lookup.Value.IsCompletedSuccessfully)
            {
                return false;
            }

            result = _lookup.Value.Result;
            return true;
        }

        /// <summary>Only valid once <see cref="Lookup"/> completed (it never faults: failures are results).</summary>
        public DateTimeOffset ExpiresAt(RoutingOptions options)
        {
            var result = Lookup.Result;
            return result.CompletedAt + (result.Error is null ? options.ModelCacheDuration : options.ModelFailureCacheDuration);
        }
    }
}
