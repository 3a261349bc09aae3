using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using G4F.Backend.Events;
using G4F.Backend.Providers;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace G4F.Backend.Routing;

/// <summary>
/// Chooses the providers of a turn and runs them: a named provider alone; otherwise the enabled
/// providers that serve the model, by priority, falling through to the next only while nothing was
/// shown to the client (the rule of M.E.AI's failover client). Failures surface as <see cref="ProviderException"/>.
/// </summary>
internal sealed partial class ProviderRouter(
    ProviderRegistry registry,
    ModelCatalog catalog,
    IOptions<G4FBackendOptions> options,
    ILogger<ProviderRouter> logger)
{
    /// <summary>The name clients use for automatic routing.</summary>
    public const string AutomaticName = "AnyProvider";

    private const string ModelNotFound = "ModelNotFoundError";

    private readonly ConcurrentDictionary<string, int> _successes = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Resolves the requested provider name; throws <see cref="ProviderNotFoundException"/> for an unknown one.</summary>
    public RoutePlan Resolve(string? providerName)
    {
        if (string.IsNullOrWhiteSpace(providerName) || string.Equals(providerName, AutomaticName, StringComparison.OrdinalIgnoreCase))
        {
            return new RoutePlan(AutomaticName, null);
        }

        var provider = registry.Find(providerName) ?? throw new ProviderNotFoundException(providerName);
        return new RoutePlan(provider.Descriptor.Name, provider);
    }

    /// <summary>How many turns <paramref name="providerName"/> completed since start (the <c>live</c> counter).</summary>
    public int SuccessCount(string providerName) => _successes.GetValueOrDefault(providerName);

    /// <summary>
    /// Streams the turn: a <see cref="ProviderEvent"/> per provider tried, then that provider's events.
    /// Throws the provider's <see cref="ProviderException"/> (or a <c>RetryProviderError</c> naming each
    /// failure) when no provider completed.
    /// </summary>
    public async IAsyncEnumerable<ResponseEvent> StreamAsync(RoutePlan plan, ChatRequest request, RequestLog log, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var candidates = plan.Provider is { } named ? [named] : await CandidatesAsync(request, cancellationToken).ConfigureAwait(false);
        if (plan.IsAutomatic)
        {
            log.Add($"{AutomaticName}: Using providers: [{string.Join(", ", candidates.Select(c => $"'{c.Descriptor.Name}'"))}] for model '{request.Model}'");
        }

        var failures = new List<(string Provider, ProviderException Error)>();
        for (var i = 0; i < candidates.Count; i++)
        {
            var provider = candidates[i];
            var descriptor = provider.Descriptor;
            var model = await ModelForAsync(provider, request.Model, cancellationToken).ConfigureAwait(false);
            if (plan.IsAutomatic || !string.Equals(model, request.Model, StringComparison.Ordinal))
            {
                // A named provider was already announced with the requested model by the first event of the turn.
                yield return new ProviderEvent(ProviderInfos.For(descriptor, model));
            }

            var call = request with { Model = model, ApiKey = ClientKeyFor(provider, request, plan) };
            var shown = false;
            ProviderException? failure = null;
            var events = Open(provider, call, cancellationToken);
            await using (events.ConfigureAwait(false))
            {
                while (true)
                {
                    var (moved, error) = await events.TryMoveNextAsync(cancellationToken).ConfigureAwait(false);
                    if (error is not null)
                    {
                        // A provider that throws something unexpected is still just a failed provider.
                        // Only the type reaches the client and the log: exception text can carry URLs and keys.
                        failure = error as ProviderException ?? new ProviderException(
                            error is OperationCanceledException ? "TimeoutError" : "ResponseError",
                            $"{descriptor.Name} failed unexpectedly ({error.GetType().Name})",
                            innerException: error);
                        break;
                    }

                    if (!moved)
                    {
                        break;
                    }

                    var current = events.Current;
                    shown |= IsShownToUser(current);
                    yield return current;
                }
            }

            if (failure is null)
            {
                _successes.AddOrUpdate(descriptor.Name, 1, static (_, n) => n + 1);
                yield break;
            }

            LogProviderFailed(logger, descriptor.Name, failure.ErrorName, shown);
            log.Add($"{descriptor.Name}: {failure.ProtocolMessage}");
            failures.Add((descriptor.Name, failure));
            if (shown || !plan.IsAutomatic || i == candidates.Count - 1)
            {
                // Output already reached the client: a second provider would start a second, mixed answer.
                throw failures.Count == 1 || shown ? failure : Aggregate(failures);
            }
        }

        throw IsDefaultModel(request.Model)
            ? new ProviderException("ProviderNotFoundError", "No provider is enabled")
            : new ProviderException(ModelNotFound, $"No enabled provider serves model '{request.Model}'");
    }

    /// <summary>
    /// The provider's event enumerator. A provider written by a host may throw before its first event
    /// (argument checks outside an iterator); that becomes a failure of the first step, like any other.
    /// </summary>
    private static IAsyncEnumerator<ResponseEvent> Open(IChatProvider provider, ChatRequest call, CancellationToken cancellationToken)
    {
        try
        {
            return provider.StreamAsync(call, cancellationToken).GetAsyncEnumerator(cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return new FailedEnumerator(ex);
        }
    }

    /// <summary>Reasoning with a token or thinking marker, text, media, previews and tool calls are output; provider, usage and state events are not.</summary>
    private static bool IsShownToUser(ResponseEvent e) => e switch
    {
        ContentEvent or ToolCallsEvent or PreviewEvent => true,
        ReasoningEvent r => r.Token is not null || r.IsThinking is not null,
        _ => false,
    };

    // A model every provider said it does not know is still that: ModelNotFoundError (404 from /create), with each answer listed.
    private static ProviderException Aggregate(List<(string Provider, ProviderException Error)> failures) => new(
        failures.All(f => f.Error.ErrorName == ModelNotFound) ? ModelNotFound : "RetryProviderError",
        "RetryProvider failed:\n" + string.Join("\n", failures.Select(f => $"{f.Provider}: {f.Error.ProtocolMessage}")),
        isAuthError: failures.All(f => f.Error.IsAuthError));

    private async Task<IReadOnlyList<IChatProvider>> CandidatesAsync(ChatRequest request, CancellationToken cancellationToken)
    {
        var eligible = registry.All.Where(p => !ProviderSelection.IsIgnored(p.Descriptor, request.Ignored)).ToList();
        if (IsDefaultModel(request.Model))
        {
            return eligible;
        }

        // Providers known to serve the model come first; those whose listing failed (down, or listing needs
        // a key the server lacks) may still serve it, so they are tried after them rather than never.
        var serving = new List<IChatProvider>();
        var unknown = new List<IChatProvider>();
        var listings = await Task.WhenAll(eligible.Select(p => catalog.GetListingAsync(p, cancellationToken))).ConfigureAwait(false);
        for (var i = 0; i < eligible.Count; i++)
        {
            if (ModelDescriptions.AllIds(eligible[i].Descriptor, listings[i].Models).Contains(request.Model!, StringComparer.OrdinalIgnoreCase))
            {
                serving.Add(eligible[i]);
            }
            else if (listings[i].Failed)
            {
                unknown.Add(eligible[i]);
            }
        }

        return [.. serving, .. unknown];
    }

    private async Task<string?> ModelForAsync(IChatProvider provider, string? requested, CancellationToken cancellationToken)
    {
        if (!IsDefaultModel(requested))
        {
            return requested;
        }

        if (provider.Descriptor.DefaultModel is { } configured)
        {
            return configured;
        }

        var models = await catalog.GetModelsAsync(provider, cancellationToken).ConfigureAwait(false);
        return models.Count > 0 ? models[0] : null;
    }

    private static bool IsDefaultModel(string? model) =>
        string.IsNullOrWhiteSpace(model) || string.Equals(model, "default", StringComparison.OrdinalIgnoreCase);

    /// <summary>The client's key for <paramref name="provider"/>, or null to use the configured one.</summary>
    private string? ClientKeyFor(IChatProvider provider, ChatRequest request, RoutePlan plan)
    {
        string? key = null;
        if (request.ApiKeys is { } keys)
        {
            key = keys.GetValueOrDefault(provider.Descriptor.Name)
                ?? (provider.Descriptor.Parent is { } parent ? keys.GetValueOrDefault(parent) : null);
        }
        else if (!plan.IsAutomatic)
        {
            // A single key belongs to the provider the client named; it is never offered to others.
            key = request.ApiKey;
        }

        return ProviderSelection.ClientKey(key, options.Value.AllowClientApiKeys);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Provider {Provider} failed with {ErrorName} (output already sent: {Shown})")]
    private static partial void LogProviderFailed(ILogger logger, string provider, string errorName, bool shown);
}
