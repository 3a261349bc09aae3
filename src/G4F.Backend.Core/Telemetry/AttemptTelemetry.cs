using System.Diagnostics;

namespace G4F.Backend.Telemetry;

/// <summary>
/// One observed upstream attempt of a turn: a client span under the turn's span, and at its end the client operation
/// duration, and for a failure the failure counter (and the fallback counter when the turn moves on). Disposing it
/// without <see cref="Succeeded"/> or <see cref="Failed"/> ends it as canceled.
/// </summary>
internal sealed class AttemptTelemetry : IDisposable
{
    private readonly TurnTelemetry _turn;
    private readonly string _provider;
    private readonly string? _model;
    private readonly long _started;
    private readonly Activity? _activity;
    private string? _errorType;
    private bool _fellBack;
    private bool _ended;
    private bool _succeeded;

    public AttemptTelemetry(TurnTelemetry turn, string provider, string? model, int number)
    {
        _turn = turn;
        _provider = GenAiNames.Bound(provider)!;
        _model = GenAiNames.Bound(model) is { Length: > 0 } bounded ? bounded : null;
        _started = turn.Owner.Time.GetTimestamp();
        if (turn.Activity is { } parent)
        {
            // Explicit parent: the turn's span is not Activity.Current once its iterator yielded. Started just before the
            // provider is opened, so the provider's own HTTP span nests under this one.
            _activity = BackendTelemetry.Source.StartActivity(TurnTelemetry.SpanName(_model), ActivityKind.Client, parent.Context);
            if (_activity is { IsAllDataRequested: true } activity)
            {
                activity.SetTag(GenAiNames.OperationName, GenAiNames.Chat);
                activity.SetTag(GenAiNames.ProviderName, _provider);
                activity.SetTag(GenAiNames.RequestModel, _model);
                activity.SetTag(GenAiNames.Attempt, number);
            }
        }
    }

    /// <summary>The attempt showed its first output.</summary>
    public void OnFirstOutput() => _turn.OnFirstOutput();

    /// <summary>The attempt completed.</summary>
    public void Succeeded() => _succeeded = true;

    /// <summary>The attempt failed with <paramref name="errorType"/>; <paramref name="fallingBack"/> when the next candidate takes over.</summary>
    public void Failed(string errorType, bool fallingBack)
    {
        _errorType = errorType;
        _fellBack = fallingBack;
    }

    public void Dispose()
    {
        if (_ended)
        {
            return;
        }

        _ended = true;
        var errorType = _succeeded ? null : _errorType ?? GenAiNames.Canceled;
        var owner = _turn.Owner;
        var tags = new TagList
        {
            { GenAiNames.OperationName, GenAiNames.Chat },
            { GenAiNames.ProviderName, _provider },
            { GenAiNames.RequestModel, _model },
        };
        if (errorType is not null)
        {
            tags.Add(GenAiNames.ErrorType, errorType);
        }

        owner.ClientDuration.Record(owner.Time.GetElapsedTime(_started).TotalSeconds, tags);
        if (_errorType is not null)
        {
            owner.UpstreamFailures.Add(1, tags);
            if (_fellBack)
            {
                owner.Fallbacks.Add(1, tags);
            }
        }

        if (_activity is { } activity)
        {
            if (errorType is not null)
            {
                activity.SetTag(GenAiNames.ErrorType, errorType);
                activity.SetStatus(ActivityStatusCode.Error, errorType);
            }

            activity.Stop();
        }
    }
}
