using System.Diagnostics;
using G4F.Backend.Events;

namespace G4F.Backend.Telemetry;

/// <summary>
/// One observed turn: its <c>chat {model}</c> span (kind internal), and at its end the server duration, the time to
/// first token, the token usage and, for a failure, the failure counter. Per turn, so it needs no locks.
/// </summary>
internal sealed class TurnTelemetry
{
    private readonly BackendTelemetry _owner;
    private readonly string? _requestModel;
    private readonly string _route;
    private readonly long _started;
    private long _firstOutput;
    private int _attempts;
    private TokenUsage? _usage;

    public TurnTelemetry(BackendTelemetry owner, string? requestModel, string route, bool traced)
    {
        _owner = owner;
        _requestModel = requestModel;
        _route = route;
        _started = owner.Time.GetTimestamp();
        if (traced)
        {
            Activity = BackendTelemetry.Source.StartActivity(SpanName(requestModel), ActivityKind.Internal);
            if (Activity is { IsAllDataRequested: true } activity)
            {
                activity.SetTag(GenAiNames.OperationName, GenAiNames.Chat);
                activity.SetTag(GenAiNames.RequestModel, requestModel);
                activity.SetTag(GenAiNames.Route, route);
            }
        }
    }

    /// <summary>The turn's span; null when no trace listener sampled it.</summary>
    public Activity? Activity { get; }

    internal string? RequestModel => _requestModel;

    internal BackendTelemetry Owner => _owner;

    /// <summary>Starts observing the turn's next upstream attempt.</summary>
    /// <param name="provider">The candidate's name.</param>
    /// <param name="model">The model the candidate is called with.</param>
    public AttemptTelemetry StartAttempt(string provider, string? model) => new(this, provider, model, ++_attempts);

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
        responseModel = GenAiNames.Bound(responseModel);
        var tags = new TagList
        {
            { GenAiNames.OperationName, GenAiNames.Chat },
            { GenAiNames.ProviderName, providerName },
            { GenAiNames.RequestModel, _requestModel },
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
            if (activity.IsAllDataRequested)
            {
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
