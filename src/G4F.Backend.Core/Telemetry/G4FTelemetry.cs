namespace G4F.Backend.Telemetry;

/// <summary>
/// The names a host subscribes to for the backend's traces and metrics, e.g. with OpenTelemetry:
/// <c>tracing.AddSource(G4FTelemetry.SourceName)</c> and <c>metrics.AddMeter(G4FTelemetry.MeterName)</c>.
/// The backend follows the OpenTelemetry GenAI semantic conventions: a <c>chat {model}</c> span per turn with a
/// client span per upstream attempt, the <c>gen_ai.client.*</c> and <c>gen_ai.server.*</c> histograms and counters
/// for fallbacks and failures. Names, models, token counts and error names only: never prompt or answer text, keys
/// or upstream addresses.
/// </summary>
public static class G4FTelemetry
{
    /// <summary>The name of the backend's <see cref="System.Diagnostics.ActivitySource"/>.</summary>
    public const string SourceName = "G4F.Backend";

    /// <summary>The name of the backend's <see cref="System.Diagnostics.Metrics.Meter"/>.</summary>
    public const string MeterName = "G4F.Backend";
}
