using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;

namespace G4F.Backend.AspNetCore.Tests.Infrastructure;

/// <summary>
/// Keeps a test host's OpenTelemetry metrics to the instruments of its own meters (and the process-wide ones).
/// </summary>
/// <remarks>
/// The sample subscribes by meter name (<c>AddMeter</c>), and a <see cref="MeterListener"/> is process-wide: in a test
/// process every live host's provider also took up the instruments of every other host's meters (ASP.NET Core's, the
/// backend's, HttpClient's). When such a host stopped, its instruments' storage (one MetricPoint[] of the default
/// cardinality limit, about 144 KB, per instrument) stayed in each provider still alive until that provider's next
/// collect, and the Prometheus reader collects only when /metrics is scraped: never in most tests. A host that lived
/// through many others thus held megabytes per host it outlived, gigabytes over the suite.
/// </remarks>
internal static class OwnMetricsOnly
{
    public static void Apply(IServiceCollection services) =>
        services.ConfigureOpenTelemetryMeterProvider((provider, metrics) =>
        {
            var own = provider.GetRequiredService<IMeterFactory>();
            metrics.AddView(instrument => instrument.Meter.Scope is null || ReferenceEquals(instrument.Meter.Scope, own) ? null : MetricStreamConfiguration.Drop);
        });
}
