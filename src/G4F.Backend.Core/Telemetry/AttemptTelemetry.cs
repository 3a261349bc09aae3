using System.Diagnostics;
using G4F.Backend.Events;
using G4F.Backend.Providers;

namespace G4F.Backend.Telemetry;

/// <summary>
/// One observed upstream attempt of a turn: a client span under the turn's span, and at its end the client operation
/// duration, and for a failure the failure counter (and the fallback counter when the turn moves on). Disposing it
/// without <see cref="Succeeded"/> or <see cref="Failed"/> ends it as canceled. The model is named only when the
/// provider is known to serve it (<see cref="IServedModels.KnownId"/>), else <see cref="GenAiNames.Other"/>; it is
/// resolved at the end, when the provider's listing had the attempt's time to arrive.
/// </summary>
internal sealed class AttemptTelemetry : IDisposable
{
    private readonly TurnTelemetry _turn;
    private readonly IChatProvider _provider;
    private readonly IServedModels _catalog;
    private readonly string _providerName;
    private readonly string? _model;
    private readonly long _started;
    private readonly Activity? _activity;
    private TokenUsage? _usage;
    private string? _errorType;
    private bool _fellBack;
    private bool _ended;
    private bool _succeeded;

    public AttemptTelemetry(TurnTelemetry turn, IChatProvider provider, string? model, int number, IServedModels catalog)
    {
        _turn = turn;
        _provider = provider;
        _catalog = catalog;
        _providerName = GenAiNames.Bound(provider.Descriptor.Name)!;
        _model = string.IsNullOrEmpty(model) ? null : model;
        _started = turn.Owner.Time.GetTimestamp();

        if (turn.Activity is { } parent)
        {
            // Explicit parent: the turn's span is not Activity.Current once its iterator yielded. Started just before the
            // provider is opened, so the provider's own HTTP span nests under this one. Named with the model at the end.
            _activity = BackendTelemetry.Source.StartActivity(TurnTelemetry.SpanName(null), ActivityKind.Client, parent.Context);
            if (_activity is { IsAllDataRequested: true } activity)
            {
                activity.SetTag(GenAiNames.OperationName, GenAiNames.Chat);
                activity.SetTag(GenAiNames.ProviderName, _providerName);
                activity.SetTag(GenAiNames.Attempt, number);
            }
        }
    }

    /// <summary>The attempt showed its first output.</summary>
    public void OnFirstOutput() => _turn.OnFirstOutput();

    /// <summary>The upstream reported this usage during the attempt (the last report counts).</summary>
    public void OnUsage(TokenUsage usage) => _usage = usage;

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
        var model = ModelTag();
        var errorType = _succeeded ? null : _errorType ?? GenAiNames.Canceled;
        var owner = _turn.Owner;
        var tags = new TagList
        {
            { GenAiNames.OperationName, GenAiNames.Chat },
            { GenAiNames.ProviderName, _providerName },
            { GenAiNames.RequestModel, model },
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
            activity.DisplayName = TurnTelemetry.SpanName(model);
            if (activity.IsAllDataRequested)
            {
                activity.SetTag(GenAiNames.RequestModel, model);
                activity.SetTag(GenAiNames.InputTokens, _usage?.PromptTokens);
                activity.SetTag(GenAiNames.OutputTokens, _usage?.CompletionTokens);
            }

            if (errorType is not null)
            {
                activity.SetTag(GenAiNames.ErrorType, errorType);
                activity.SetStatus(ActivityStatusCode.Error, errorType);
            }

            activity.Stop();
        }
    }

    /// <summary>The model as an attribute value: the catalog's spelling when the provider serves it, else <c>_OTHER</c>.</summary>
    private string? ModelTag()
    {
        if (_model is null)
        {
            return null;
        }

        if (_catalog.KnownId(_provider, _model) is not { } known)
        {
            return GenAiNames.Other;
        }

        _turn.OnKnownModel(known);
        return GenAiNames.Bound(known);
    }
}
