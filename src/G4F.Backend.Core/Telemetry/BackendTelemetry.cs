using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace G4F.Backend.Telemetry;

/// <summary>
/// The backend's <see cref="ActivitySource"/> and <see cref="Meter"/> with their instruments. A turn is observed only
/// while something listens (<see cref="StartTurn"/> returns null otherwise), so an unobserved turn costs two checks.
/// </summary>
internal sealed class BackendTelemetry : IDisposable
{
    /// <summary>One source per process, as activity sources are meant to be: listeners pick it by name.</summary>
    internal static readonly ActivitySource Source = new(G4FTelemetry.SourceName, Version);

    private readonly Meter _meter;
    private readonly bool _ownsMeter;

    public BackendTelemetry(TimeProvider timeProvider, IMeterFactory? meterFactory = null)
    {
        Time = timeProvider;
        _ownsMeter = meterFactory is null;
        _meter = meterFactory?.Create(new MeterOptions(G4FTelemetry.MeterName) { Version = Version })
            ?? new Meter(G4FTelemetry.MeterName, Version);
        TokenUsage = _meter.CreateHistogram<long>(
            GenAiNames.TokenUsageMetric, "{token}", "Tokens used by a turn, by gen_ai.token.type (input, output)", null,
            new InstrumentAdvice<long> { HistogramBucketBoundaries = GenAiNames.TokenBuckets });
        ClientDuration = _meter.CreateHistogram<double>(
            GenAiNames.ClientDurationMetric, "s", "Duration of one upstream attempt", null,
            new InstrumentAdvice<double> { HistogramBucketBoundaries = GenAiNames.DurationBuckets });
        ServerDuration = _meter.CreateHistogram<double>(
            GenAiNames.ServerDurationMetric, "s", "Duration of a turn, from its start to its last event", null,
            new InstrumentAdvice<double> { HistogramBucketBoundaries = GenAiNames.DurationBuckets });
        TimeToFirstToken = _meter.CreateHistogram<double>(
            GenAiNames.TimeToFirstTokenMetric, "s", "Time from a successful turn's start to its first output", null,
            new InstrumentAdvice<double> { HistogramBucketBoundaries = GenAiNames.FirstTokenBuckets });
        Fallbacks = _meter.CreateCounter<long>(
            GenAiNames.FallbacksMetric, "{fallback}", "Upstream attempts that failed before any output and handed the turn to the next candidate");
        UpstreamFailures = _meter.CreateCounter<long>(
            GenAiNames.UpstreamFailuresMetric, "{failure}", "Upstream attempts that failed, by error.type");
        TurnFailures = _meter.CreateCounter<long>(
            GenAiNames.TurnFailuresMetric, "{failure}", "Turns that ended with an error event, by error.type");
    }

    public TimeProvider Time { get; }

    /// <summary>The meter the instruments belong to (tests listen to this one only).</summary>
    public Meter Meter => _meter;

    public Histogram<long> TokenUsage { get; }

    public Histogram<double> ClientDuration { get; }

    public Histogram<double> ServerDuration { get; }

    public Histogram<double> TimeToFirstToken { get; }

    public Counter<long> Fallbacks { get; }

    public Counter<long> UpstreamFailures { get; }

    public Counter<long> TurnFailures { get; }

    private static string? Version => typeof(BackendTelemetry).Assembly.GetName().Version?.ToString();

    /// <summary>Starts observing a turn; null when no listener would see it.</summary>
    /// <param name="requestModel">The model the client asked for (null or empty for the default).</param>
    /// <param name="route">The provider name the turn resolved to, or <c>AnyProvider</c>.</param>
    public TurnTelemetry? StartTurn(string? requestModel, string route)
    {
        var traced = Source.HasListeners();
        if (!traced && !ServerDuration.Enabled && !TokenUsage.Enabled && !TimeToFirstToken.Enabled && !TurnFailures.Enabled
            && !ClientDuration.Enabled && !Fallbacks.Enabled && !UpstreamFailures.Enabled)
        {
            return null;
        }

        // The default model, however spelled, is no model of its own: the attribute is left out.
        var model = string.IsNullOrWhiteSpace(requestModel) || string.Equals(requestModel, "default", StringComparison.OrdinalIgnoreCase) ? null : requestModel;
        return new TurnTelemetry(this, model, GenAiNames.Bound(route)!, traced);
    }

    public void Dispose()
    {
        if (_ownsMeter)
        {
            _meter.Dispose();
        }
    }
}
