using System.Diagnostics;
using G4F.Backend.Events;
using G4F.Backend.Providers;

namespace G4F.Backend.Telemetry;

/// <summary>
/// One observed turn: its <c>chat {model}</c> span (kind internal), and at its end the server duration, the time to
/// first token, the token usage and, for a failure, the failure counter. Per turn, so it needs no locks. Models are named
/// in attributes and span names only when a provider of the turn is known to serve them, else <c>_OTHER</c>: the caller
/// chooses the model, and each name would be a metric series of its own.
/// </summary>
internal sealed class TurnTelemetry
{
    private readonly BackendTelemetry _owner;
    private readonly string? _requestModel;
    private readonly string _route;
    private readonly long _started;
    private long _firstOutput;
    private int _attempts;
    private string? _knownRequestModel;
    private AttemptTelemetry? _current;
    private TokenUsage? _usage;

    /// <summary>Starts the turn's span, named <c>chat</c> until the end tells whether the model may be named.</summary>
    /// <param name="owner">The instruments.</param>
    /// <param name="requestModel">The model the caller asked for, as sent; null for the provider's default.</param>
    /// <param name="route">The provider name the turn resolved to, or <c>AnyProvider</c>.</param>
    /// <param name="traced">Whether a trace listener is there.</param>
    public TurnTelemetry(BackendTelemetry owner, string? requestModel, string route, bool traced)
    {
        _owner = owner;
        _requestModel = requestModel;
        _route = route;
        _started = owner.Time.GetTimestamp();
        if (traced)
        {
            Activity = BackendTelemetry.Source.StartActivity(SpanName(null), ActivityKind.Internal);
            if (Activity is { IsAllDataRequested: true } activity)
            {
                activity.SetTag(GenAiNames.OperationName, GenAiNames.Chat);
                activity.SetTag(GenAiNames.Route, route);
            }
        }
    }

    /// <summary>The turn's span; null when no trace listener sampled it.</summary>
    public Activity? Activity { get; }

    internal BackendTelemetry Owner => _owner;

    /// <summary>Starts observing the turn's next upstream attempt.</summary>
    /// <param name="provider">The candidate.</param>
    /// <param name="model">The model the candidate is called with.</param>
    /// <param name="catalog">What the candidate is known to serve.</param>
    public AttemptTelemetry StartAttempt(IChatProvider provider, string? model, IServedModels catalog) =>
        _current = new AttemptTelemetry(this, provider, model, ++_attempts, catalog);

    /// <summary>The upstream reported usage: it belongs to the attempt running now.</summary>
    public void OnUpstreamUsage(TokenUsage usage) => _current?.OnUsage(usage);

    /// <summary>An attempt's provider serves the model it was called with, spelled <paramref name="knownId"/>.</summary>
    internal void OnKnownModel(string knownId)
    {
        if (_requestModel is not null && string.Equals(knownId, _requestModel, StringComparison.OrdinalIgnoreCase))
        {
            _knownRequestModel = knownId;
        }
    }

    /// <summary>The first output reached the client (the first attempt to show output is the one that answers).</summary>
    public void OnFirstOutput()
    {
        if (_firstOutput == 0)
        {
            _firstOutput = _owner.Time.GetTimestamp();
        }
    }

    /// <summary>The turn succeeded with this usage (reported by the upstream or estimated).</summary>
    public void Succeeded(TokenUsage usage) => _usage = usage;

    /// <summary>Ends the turn: a failure's error name, else success when <see cref="Succeeded"/> was called, else canceled.</summary>
    /// <param name="provider">The provider that answered, if any.</param>
    /// <param name="responseModel">The model that answered, as the providers reported it.</param>
    /// <param name="errorType">The error name of the turn's error event; null when it had none.</param>
    public void End(string? provider, string? responseModel, string? errorType)
    {
        errorType ??= _usage is null ? GenAiNames.Canceled : null;
        var providerName = GenAiNames.Bound(provider) ?? _route;
        var requestModel = RequestModelTag();
        responseModel = ResponseModelTag(responseModel);
        var tags = new TagList
        {
            { GenAiNames.OperationName, GenAiNames.Chat },
            { GenAiNames.ProviderName, providerName },
            { GenAiNames.RequestModel, requestModel },
            { GenAiNames.ResponseModel, responseModel },
        };
        if (errorType is not null)
        {
            tags.Add(GenAiNames.ErrorType, errorType);
        }

        var ended = _owner.Time.GetTimestamp();
        _owner.ServerDuration.Record(_owner.Time.GetElapsedTime(_started, ended).TotalSeconds, tags);
        if (errorType is not null)
        {
            _owner.TurnFailures.Add(1, tags);
        }
        else
        {
            RecordSuccess(tags);
        }

        if (Activity is { } activity)
        {
            activity.DisplayName = SpanName(requestModel);
            if (activity.IsAllDataRequested)
            {
                activity.SetTag(GenAiNames.RequestModel, requestModel);
                activity.SetTag(GenAiNames.ProviderName, providerName);
                activity.SetTag(GenAiNames.ResponseModel, responseModel);
                activity.SetTag(GenAiNames.Attempts, _attempts);
                activity.SetTag(GenAiNames.InputTokens, _usage?.PromptTokens);
                activity.SetTag(GenAiNames.OutputTokens, _usage?.CompletionTokens);
                activity.SetTag(GenAiNames.ErrorType, errorType);
            }

            if (errorType is not null)
            {
                activity.SetStatus(ActivityStatusCode.Error, errorType);
            }

            activity.Stop();
        }
    }

    /// <summary>The span name of the conventions: the operation, then the model when there is one.</summary>
    internal static string SpanName(string? model) => model is null ? GenAiNames.Chat : $"{GenAiNames.Chat} {model}";

    /// <summary>
    /// The requested model as an attribute value: the catalog's spelling when an attempt's provider serves it, else
    /// <c>_OTHER</c> (a model no candidate serves, or a turn that reached no provider); null for the default model.
    /// </summary>
    private string? RequestModelTag() =>
        _requestModel is null ? null : GenAiNames.Bound(_knownRequestModel) ?? GenAiNames.Other;

    /// <summary>
    /// The answering model as an attribute value. It is the requested one unless the upstream named another: the upstream's
    /// name stands for a model asked by default or known to be served, while a made-up request makes it <c>_OTHER</c>
    /// (a lenient upstream may echo whatever it was sent).
    /// </summary>
    private string? ResponseModelTag(string? responseModel)
    {
        if (string.IsNullOrEmpty(responseModel))
        {
            return null;
        }

        if (_requestModel is null)
        {
            return GenAiNames.Bound(responseModel);
        }

        if (_knownRequestModel is null)
        {
            return GenAiNames.Other;
        }

        return string.Equals(responseModel, _knownRequestModel, StringComparison.OrdinalIgnoreCase)
            ? GenAiNames.Bound(_knownRequestModel)
            : GenAiNames.Bound(responseModel);
    }

    private void RecordSuccess(TagList tags)
    {
        if (_firstOutput != 0)
        {
            _owner.TimeToFirstToken.Record(_owner.Time.GetElapsedTime(_started, _firstOutput).TotalSeconds, tags);
        }

        if (_usage is { } usage)
        {
            var input = tags;
            input.Add(GenAiNames.TokenType, GenAiNames.Input);
            _owner.TokenUsage.Record(usage.PromptTokens, input);
            var output = tags;
            output.Add(GenAiNames.TokenType, GenAiNames.Output);
            _owner.TokenUsage.Record(usage.CompletionTokens, output);
        }
    }
}
