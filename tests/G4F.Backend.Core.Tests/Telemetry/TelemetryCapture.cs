using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using G4F.Backend.Telemetry;

namespace G4F.Backend.Core.Tests.Telemetry;

/// <summary>
/// Listens to the backend's activity source (every span of the process, tests run in parallel: filter by a model name
/// of the test's own) and to one backend instance's meter.
/// </summary>
internal sealed class TelemetryCapture : IDisposable
{
    private readonly ActivityListener _activities;
    private readonly MeterListener _meters;
    private readonly ConcurrentQueue<Activity> _stopped = new();
    private readonly ConcurrentQueue<Measurement> _measurements = new();

    public TelemetryCapture(Meter meter)
    {
        _activities = new ActivityListener
        {
            ShouldListenTo = source => source.Name == G4FTelemetry.SourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = _stopped.Enqueue,
        };
        ActivitySource.AddActivityListener(_activities);
        _meters = new MeterListener
        {
            InstrumentPublished = (instrument, listener) =>
            {
                if (ReferenceEquals(instrument.Meter, meter))
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            },
        };
        _meters.SetMeasurementEventCallback<long>((i, v, tags, _) => _measurements.Enqueue(new Measurement(i.Name, v, Tags(tags))));
        _meters.SetMeasurementEventCallback<double>((i, v, tags, _) => _measurements.Enqueue(new Measurement(i.Name, v, Tags(tags))));
        _meters.Start();
    }

    /// <summary>The stopped spans whose own or parent's request model is <paramref name="model"/>.</summary>
    public List<Activity> Spans(string model)
    {
        var turns = _stopped.Where(a => Equals(a.GetTagItem("gen_ai.request.model"), model) && a.Kind == ActivityKind.Internal).Select(a => a.SpanId).ToHashSet();
        return _stopped.Where(a => turns.Contains(a.SpanId) || turns.Contains(a.ParentSpanId)).ToList();
    }

    /// <summary>The stopped backend spans of one trace (a root the test started).</summary>
    public List<Activity> Trace(ActivityTraceId traceId) => _stopped.Where(a => a.TraceId == traceId && a.Source.Name == G4FTelemetry.SourceName).ToList();

    public List<Measurement> Measurements(string instrument) => _measurements.Where(m => m.Instrument == instrument).ToList();

    public List<Measurement> AllMeasurements() => [.. _measurements];

    public void Dispose()
    {
        _activities.Dispose();
        _meters.Dispose();
    }

    private static Dictionary<string, object?> Tags(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var copy = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var tag in tags)
        {
            copy[tag.Key] = tag.Value;
        }

        return copy;
    }

    internal sealed record Measurement(string Instrument, double Value, IReadOnlyDictionary<string, object?> Tags)
    {
        public object? this[string key] => Tags.GetValueOrDefault(key);
    }
}
