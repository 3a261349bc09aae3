using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using G4F.Backend.Events;
using G4F.Backend.Providers;
using G4F.Backend.Telemetry;
using Microsoft.Extensions.Logging;

namespace G4F.Backend.Routing;

/// <summary>
/// Runs the candidates of a turn in the order given, falling through to the next only while nothing was shown to the
/// client (the rule of M.E.AI's <c>OrderedFailoverChatClient</c>): once output reached the client a second provider
/// would start a second, mixed answer. Which candidates, and in which order, is <see cref="CandidateSelector"/>'s call.
/// Failures surface as <see cref="ProviderException"/>.
/// </summary>
internal sealed partial class FailoverExecutor(CandidateSelector selector, ModelCatalog catalog, ILogger<FailoverExecutor> logger)
{
    private const string ModelNotFound = "ModelNotFoundError";

    private readonly ConcurrentDictionary<string, int> _successes = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>How many turns <paramref name="providerName"/> completed since start (the <c>live</c> counter).</summary>
    public int SuccessCount(string providerName) => _successes.GetValueOrDefault(providerName);

    /// <summary>
    /// Streams the turn: a <see cref="ProviderEvent"/> per candidate tried (a named provider only when its model differs
    /// from the requested one: the turn's first event announced it), then that candidate's events. Throws the provider's
    /// <see cref="ProviderException"/> (or a <c>RetryProviderError</c> naming each failure) when no candidate completed.
    /// </summary>
    public IAsyncEnumerable<ResponseEvent> StreamAsync(
        RoutePlan plan,
        IReadOnlyList<IChatProvider> candidates,
        UpstreamTurn turn,
        RequestLog log,
        TurnTelemetry? telemetry,
        CancellationToken cancellationToken) =>
        new FailoverStream(this, plan, candidates, turn, log, telemetry, cancellationToken);

    /// <summary>
    /// The part of <see cref="StreamAsync"/> with decisions to make: every candidate's events up to and including the
    /// first shown output. From there a failure ends the turn whatever comes next, so the attempt is handed over to
    /// <paramref name="stream"/>, which passes the provider's events on without a layer of its own.
    /// </summary>
    internal async IAsyncEnumerable<ResponseEvent> UntilShownAsync(
        FailoverStream stream,
        RoutePlan plan,
        IReadOnlyList<IChatProvider> candidates,
        UpstreamTurn turn,
        RequestLog log,
        TurnTelemetry? telemetry,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(candidates);
        ArgumentNullException.ThrowIfNull(turn);
        ArgumentNullException.ThrowIfNull(log);
        var request = turn.Request;
        if (plan.IsAutomatic)
        {
            log.Add($"{RoutePlan.AutomaticName}: Using providers: [{string.Join(", ", candidates.Select(c => $"'{c.Descriptor.Name}'"))}] for model '{request.Model}'");
        }

        var failures = new List<(string Provider, ProviderException Error)>();
        for (var i = 0; i < candidates.Count; i++)
        {
            var provider = candidates[i];
            var descriptor = provider.Descriptor;
            // Model and key differ per candidate; the messages and prompt the turn's steps made are the same for each.
            var call = turn.RequestFor(await selector.CallForAsync(provider, plan, request, cancellationToken).ConfigureAwait(false));
            if (plan.IsAutomatic || !string.Equals(call.Model, request.Model, StringComparison.Ordinal))
            {
                yield return new ProviderEvent(ProviderInfos.For(descriptor, call.Model));
            }

            ProviderException? failure = null;
            var handedOver = false;
            var attempt = telemetry?.StartAttempt(provider, call.Model, catalog);
            try
            {
                var events = Open(provider, call, cancellationToken);
                try
                {
                    while (true)
                    {
                        var (moved, error) = await events.TryMoveNextAsync(cancellationToken).ConfigureAwait(false);
                        if (error is not null)
                        {
                            failure = AsProviderFailure(descriptor, error);
                            break;
                        }

                        if (!moved)
                        {
                            break;
                        }

                        var current = events.Current;
                        if (IsShownToUser(current))
                        {
                            attempt?.OnFirstOutput();
                            stream.HandOver(descriptor, events, attempt, cancellationToken);
                            handedOver = true;
                            yield return current;
                            yield break;
                        }

                        yield return current;
                    }
                }
                finally
                {
                    if (!handedOver)
                    {
                        await events.DisposeAsync().ConfigureAwait(false);
                    }
                }

                if (failure is null)
                {
                    Completed(descriptor, attempt);
                    yield break;
                }

                var last = !plan.IsAutomatic || i == candidates.Count - 1;
                Failed(descriptor, failure, log, attempt, shown: false, fallingBack: !last);
                failures.Add((descriptor.Name, failure));
                if (last)
                {
                    throw failures.Count == 1 ? failure : Aggregate(failures);
                }
            }
            finally
            {
                if (!handedOver)
                {
                    attempt?.Dispose();
                }
            }
        }

        throw CandidateSelector.IsDefaultModel(request.Model)
            ? new ProviderException("ProviderNotFoundError", "No provider is enabled")
            : new ProviderException(ModelNotFound, $"No enabled provider serves model '{request.Model}'");
    }

    /// <summary>The attempt completed: counted for the <c>live</c> listing (its events are already disposed).</summary>
    internal void Completed(ProviderDescriptor descriptor, AttemptTelemetry? attempt)
    {
        attempt?.Succeeded();
        _successes.AddOrUpdate(descriptor.Name, 1, static (_, n) => n + 1);
    }

    /// <summary>The attempt failed: logged, named in the debug log and on its span.</summary>
    internal void Failed(ProviderDescriptor descriptor, ProviderException failure, RequestLog log, AttemptTelemetry? attempt, bool shown, bool fallingBack)
    {
        LogProviderFailed(logger, descriptor.Name, failure.ErrorName, shown);
        log.Add($"{descriptor.Name}: {failure.ProtocolMessage}");
        attempt?.Failed(failure.ErrorName, fallingBack);
    }

    /// <summary>
    /// A provider that throws something unexpected is still just a failed provider. Only the type reaches the client
    /// and the log: exception text can carry URLs and keys.
    /// </summary>
    internal static ProviderException AsProviderFailure(ProviderDescriptor descriptor, Exception error) =>
        error as ProviderException ?? new ProviderException(
            error is OperationCanceledException ? "TimeoutError" : "ResponseError",
            $"{descriptor.Name} failed unexpectedly ({error.GetType().Name})",
            innerException: error);

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

    // The name follows g4f's raise_exceptions (several failures are one RetryProviderError listing each), except that a
    // model every provider said it does not know is still that: ModelNotFoundError (404 from /create), and failures that
    // are all missing or rejected keys are an auth event. Which failure decides a status (the OpenAI front door's) rides
    // along without changing the name.
    private static ProviderException Aggregate(List<(string Provider, ProviderException Error)> failures) => new(
        failures.All(f => f.Error.ErrorName == ModelNotFound) ? ModelNotFound : "RetryProviderError",
        "RetryProvider failed:\n" + string.Join("\n", failures.Select(f => $"{f.Provider}: {f.Error.ProtocolMessage}")),
        isAuthError: failures.All(f => f.Error.IsAuthError))
    {
        DecidedBy = FailurePrecedence.Deciding(failures.Select(f => f.Error)),
    };

    [LoggerMessage(Level = LogLevel.Warning, Message = "Provider {Provider} failed with {ErrorName} (output already sent: {Shown})")]
    private static partial void LogProviderFailed(ILogger logger, string provider, string errorName, bool shown);
}
