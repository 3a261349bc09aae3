using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using G4F.Backend.Buckets;
using G4F.Backend.Events;
using G4F.Backend.Providers;
using G4F.Backend.Routing;
using G4F.Backend.Search;
using G4F.Backend.Usage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace G4F.Backend.Conversations;

/// <summary>
/// Runs one conversation turn end to end and streams it as protocol events in the order of
/// PROTOCOL 3.6: <c>provider</c>, <c>parameters</c>, the route's events (with <c>&lt;think&gt;</c>
/// split into reasoning), <c>usage</c> (estimated when the upstream sent none), then <c>log</c> lines
/// in debug mode. Failures become one <c>error</c> or <c>auth</c> event. Nothing is buffered.
/// A successful turn also records its usage line through <see cref="IUsageLog"/>.
/// </summary>
public sealed partial class ConversationService
{
    private readonly ProviderRouter _router;
    private readonly IOptions<G4FBackendOptions> _options;
    private readonly TimeProvider _timeProvider;
    private readonly IUsageLog _usageLog;
    private readonly ILogger<ConversationService> _logger;
    private readonly BucketPartExpander _bucketParts;
    private readonly ConversationSearch _search;
    private readonly TurnMediaAttacher _turnMedia;
    private readonly MediaDownloadStep _media;

    internal ConversationService(ProviderRouter router, IOptions<G4FBackendOptions> options, TimeProvider timeProvider, IUsageLog usageLog, BucketPartExpander bucketParts, ConversationSearch search, TurnMediaAttacher turnMedia, MediaDownloadStep media, ILogger<ConversationService> logger)
    {
        _bucketParts = bucketParts;
        _search = search;
        _turnMedia = turnMedia;
        _media = media;
        _router = router;
        _options = options;
        _timeProvider = timeProvider;
        _usageLog = usageLog;
        _logger = logger;
    }

    /// <summary>
    /// Starts a turn. The provider is resolved right away, so an unknown provider throws
    /// <see cref="ProviderNotFoundException"/> before any event exists; everything after that is an event.
    /// </summary>
    /// <param name="request">The turn.</param>
    /// <param name="cancellationToken">Cancels the turn and its upstream request (client disconnect).</param>
    /// <returns>The events of the turn.</returns>
    /// <exception cref="ProviderNotFoundException">The request names a provider that is not configured.</exception>
    /// <exception cref="ArgumentException">The request has no messages.</exception>
    public IAsyncEnumerable<ResponseEvent> StreamAsync(ChatRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Messages.Count == 0)
        {
            throw new ArgumentException("A conversation needs at least one message.", nameof(request));
        }

        var plan = _router.Resolve(request.Provider);
        return StreamCoreAsync(plan, request, cancellationToken);
    }

    private async IAsyncEnumerable<ResponseEvent> StreamCoreAsync(RoutePlan plan, ChatRequest request, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var log = new RequestLog();
        foreach (var note in request.ReadNotes)
        {
            log.Add(note);
        }

        JsonArray? expanded = null;
        ResponseEvent? failure = null;
        try
        {
            expanded = await _bucketParts.ExpandAsync(request.Messages, request.ServerOrigin, log, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // The reason names server paths: it stays in the server's log.
            LogBucketReadFailed(_logger, ex);
            failure = new ErrorEvent(ex.GetType().Name, "Reading the files of a bucket failed");
        }

        if (expanded is not null && !ReferenceEquals(expanded, request.Messages))
        {
            request = request with { Messages = expanded };
        }

        var requestedModel = request.Model;
        // Only the automatic router is announced without a home page or label, as the original does.
        var announced = plan.Provider is { } named
            ? ProviderInfos.For(named.Descriptor, requestedModel)
            : new ProviderInfo(plan.Name, null, null, requestedModel);
        yield return new ProviderEvent(announced);
        yield return new ParametersEvent(Parameters(plan, request));

        // Web search and attached media after the first events, so the client sees the turn start while they run.
        SearchedTurn? searched = null;
        if (failure is null)
        {
            (request, searched, failure) = await PrepareAsync(request, log, cancellationToken).ConfigureAwait(false);
        }

        var usage = new UsageAccumulator();
        var lastModel = requestedModel;
        // The provider that actually answers (the router announces each one it tries): the usage record names it.
        var actualProvider = announced;
        UsageEvent? sentUsage = null;
        // The estimate counts raw upstream text, before <think> blocks are split out, as the original does.
        var split = ThinkTagSplitter.SplitAsync(_router.StreamAsync(plan, request, log, cancellationToken), _timeProvider, usage, cancellationToken);
        var media = _media.ApplyAsync(split, request, cancellationToken);
        var events = SearchSources.Insert(media, searched?.Sources, cancellationToken).GetAsyncEnumerator(cancellationToken);
        await using (events.ConfigureAwait(false))
        {
            while (failure is null)
            {
                var (moved, error) = await events.TryMoveNextAsync(cancellationToken).ConfigureAwait(false);
                if (error is ProviderException ex)
                {
                    failure = ex.IsAuthError ? new AuthEvent("MissingAuthError", ex.ProtocolMessage) : new ErrorEvent(ex.ErrorName, ex.ProtocolMessage);
                    break;
                }

                if (error is not null)
                {
                    LogUnexpectedFailure(_logger, error);
                    failure = new ErrorEvent(error.GetType().Name, $"{error.GetType().Name}: The turn failed unexpectedly");
                    break;
                }

                if (!moved)
                {
                    break;
                }

                var current = events.Current;
                switch (current)
                {
                    case ProviderEvent provider:
                        actualProvider = provider.Provider;
                        lastModel = provider.Provider.Model is { Length: > 0 } model ? model : lastModel;
                        break;
                    case UsageEvent reported:
                        current = sentUsage = reported with { Model = reported.Model ?? lastModel, Provider = plan.Name };
                        break;
                }

                yield return current;
            }
        }

        Task? recording = null;
        if (failure is not null)
        {
            yield return failure;
        }
        else
        {
            var final = sentUsage ?? new UsageEvent(usage.Estimate(UsageEstimator.EstimatePromptTokens(request.Messages)))
            {
                Model = lastModel,
                Provider = plan.Name,
            };
            // Started before the last events go out and awaited after them: the write never delays an event.
            recording = TurnUsage.RecordAsync(_usageLog, TurnUsage.Line(request.User, final.Model, actualProvider, final.Usage), _logger);
            if (sentUsage is null)
            {
                yield return final;
            }
        }

        if (request.DebugMode && _options.Value.EnableDebugLogEvents)
        {
            foreach (var line in log.Lines)
            {
                yield return new LogEvent(line);
            }
        }

        if (recording is not null)
        {
            // The stream ends once the line is written (RecordAsync never faults), so a finished response means a recorded turn.
            await recording.ConfigureAwait(false);
        }
    }

    /// <summary>
    /// The steps between the first events and the provider: web search (PROTOCOL 3.8 items 2 and 4), then the attached
    /// media. A step that fails in a way nobody foresaw ends the turn with an <c>error</c> event, never a broken stream.
    /// </summary>
    private async Task<(ChatRequest Request, SearchedTurn? Searched, ResponseEvent? Failure)> PrepareAsync(ChatRequest request, RequestLog log, CancellationToken cancellationToken)
    {
        SearchedTurn? searched = null;
        try
        {
            searched = await _search.ApplyAsync(request, log, cancellationToken).ConfigureAwait(false);
            if (searched.Failure is not null)
            {
                return (request, searched, searched.Failure);
            }

            if (!ReferenceEquals(searched.Request, request) && string.IsNullOrWhiteSpace(request.Prompt))
            {
                // Media are asked for and named after what the user wrote, not after the search results that replaced it.
                request = searched.Request with { Prompt = MediaPrompt.Of(request) };
            }
            else
            {
                request = searched.Request;
            }

            if (request.Media.Count > 0)
            {
                // After the bucket parts (their inline media have the first claim on the media budget) and after the
                // search, which reads the last message as the text the client sent.
                var attached = await _turnMedia.AttachAsync(request.Messages, request.Media, request.ServerOrigin, log, cancellationToken).ConfigureAwait(false);
                request = request with { Messages = attached };
            }

            return (request, searched, null);
        }
        catch (TurnMediaException ex)
        {
            return (request, searched, new ErrorEvent(TurnMediaException.ErrorName, ex.ProtocolMessage));
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            LogUnexpectedFailure(_logger, ex);
            return (request, searched, new ErrorEvent(ex.GetType().Name, $"{ex.GetType().Name}: The turn failed unexpectedly"));
        }
    }

    /// <summary>The parameters the client may edit and send back as top-level fields (PROTOCOL 15).</summary>
    private static JsonObject Parameters(RoutePlan plan, ChatRequest request) => new()
    {
        ["provider"] = plan.Name,
        ["model"] = request.Model is { Length: > 0 } model ? model : plan.Provider?.Descriptor.DefaultModel ?? "default",
        ["temperature"] = request.Temperature ?? 1,
        ["top_p"] = request.TopP ?? 1,
        ["max_tokens"] = request.MaxTokens ?? 4096,
        ["stop"] = request.Stop?.DeepClone() ?? new JsonArray(),
        ["stream"] = true,
    };

    [LoggerMessage(Level = LogLevel.Error, Message = "Reading bucket files for a conversation turn failed")]
    private static partial void LogBucketReadFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "A conversation turn failed unexpectedly")]
    private static partial void LogUnexpectedFailure(ILogger logger, Exception exception);
}
