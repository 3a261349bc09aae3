// The standalone G4F backend: the whole /backend-api/v2 API and the OpenAI-compatible /v1 on http://localhost:8080 unless
// told otherwise, providers from appsettings.json or environment variables (G4F__Providers__<Name>__BaseUrl=...), the
// official web client at /chat/, health at /healthz and /readyz, the OpenAPI description at /openapi/v1.json,
// Prometheus metrics at /metrics (and OTLP export of traces and metrics when OTEL_EXPORTER_OTLP_ENDPOINT is set).
using System.Diagnostics.Metrics;
using G4F.Backend.Diagnostics;
using G4F.Backend.Telemetry;
using Microsoft.AspNetCore.HttpOverrides;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

// The host would watch its content root (the working directory) recursively for changes to appsettings.json: each folder
// the data directory (./g4f-data by default, so inside it) gains, a bucket or a media folder, would be one more inotify
// watch and each file written one more event to filter, while the backend reads its options once, at start (only log
// levels would follow an edit). `--hostBuilder:reloadConfigOnChange=true` brings the reload back.
var builder = WebApplication.CreateBuilder(["--hostBuilder:reloadConfigOnChange=false", .. args]);

// http://localhost:8080 only when nothing else says where to listen. As a "Urls" key in appsettings.json it would win
// over ASPNETCORE_URLS and ASPNETCORE_HTTP_PORTS (which the official container images set to 8080), and a container's
// server would listen on its own loopback only, out of reach. --urls, URLS, ASPNETCORE_URLS, ASPNETCORE_HTTP_PORTS,
// ASPNETCORE_HTTPS_PORTS and Kestrel:Endpoints all count.
if (string.IsNullOrEmpty(builder.Configuration[WebHostDefaults.ServerUrlsKey])
    && string.IsNullOrEmpty(builder.Configuration[WebHostDefaults.HttpPortsKey])
    && string.IsNullOrEmpty(builder.Configuration[WebHostDefaults.HttpsPortsKey])
    && !builder.Configuration.GetSection("Kestrel:Endpoints").Exists())
{
    builder.WebHost.UseUrls("http://localhost:8080");
}

// G4F:PostgreSql:ConnectionString (G4F__PostgreSql__ConnectionString) moves the stores into PostgreSQL, so several
// instances on one database are one backend; without it everything stays in the data directory.
var backend = builder.Services.AddG4FBackend(builder.Configuration.GetSection("G4F")).AddCorsPolicy()
    .UsePostgreSqlWhenConfigured(builder.Configuration);
if (builder.Configuration["OPENAI_API_KEY"] is { Length: > 0 } openAiKey)
{
    backend.AddOpenAICompatibleProvider("OpenAI", provider =>
    {
        provider.BaseUrl = "https://api.openai.com/v1";
        provider.ApiKey = openAiKey;
        provider.Url = "https://platform.openai.com";
        provider.LoginUrl = "https://platform.openai.com/api-keys";
        provider.DefaultModel = "gpt-4o-mini";
        provider.Priority = 10;
    });
}

builder.Services.AddOpenApi();

// Behind a reverse proxy on this machine (TLS terminated there) the request's scheme, host and client address are the
// proxy's X-Forwarded-* values, so URLs the client builds from its https page origin name this server. Only loopback
// proxies are believed (the middleware's default KnownProxies and KnownIPNetworks): anyone else could claim any origin.
builder.Services.Configure<ForwardedHeadersOptions>(forwarded =>
    forwarded.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto | ForwardedHeaders.XForwardedHost);

// GenAI metrics of the backend, with ASP.NET Core's and HttpClient's: Prometheus text at /metrics always. Spans (the
// backend's, ASP.NET Core's, HttpClient's) and OTLP only when an endpoint is configured (the exporter reads
// OTEL_EXPORTER_OTLP_* itself): spans nobody exports would still be made for every request, at a cost the streaming
// bench shows.
var telemetry = builder.Services.AddOpenTelemetry()
    .WithMetrics(metrics => metrics.AddMeter(G4FTelemetry.MeterName).AddAspNetCoreInstrumentation().AddHttpClientInstrumentation()
        .AddPrometheusExporter());

// OpenTelemetry gives each instrument an array of CardinalityLimit points (72 bytes each) at its first use: at the default
// 2000, the sample's 27 instruments held 3.9 MB of its heap. ASP.NET Core's and HttpClient's series are bounded by routes,
// methods, status codes and upstream hosts; the backend's by providers, models and error types. Past a limit, points are
// summed in one series tagged otel.metric.overflow, so totals stay right. Only this host's meters (and process-wide ones)
// are named: a view that returns a stream for an instrument adds one, so naming another host's instruments in a process
// of several hosts would take them up again even where another view drops them.
builder.Services.ConfigureOpenTelemetryMeterProvider((services, metrics) =>
{
    var own = services.GetRequiredService<IMeterFactory>();
    metrics.AddView(instrument => instrument.Meter.Scope is not null && !ReferenceEquals(instrument.Meter.Scope, own)
        ? null
        : new MetricStreamConfiguration
        {
            CardinalityLimit = instrument.Meter.Name == G4FTelemetry.MeterName ? OwnCardinalityLimit : FrameworkCardinalityLimit,
        });
});

if (!string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
{
    telemetry.WithTracing(tracing => tracing.AddSource(G4FTelemetry.SourceName).AddAspNetCoreInstrumentation().AddHttpClientInstrumentation())
        .UseOtlpExporter();
}

var app = builder.Build();
app.UseForwardedHeaders();
app.UseCors();
app.MapG4FBackend();
app.MapG4FOpenAI();
app.MapG4FWebClient();
app.MapGet("/", () => TypedResults.Redirect("/chat/")).ExcludeFromDescription();

// Live: the process answers (no checks). Ready: storage writable and providers listed (a failing provider is Degraded, still 200).
app.MapHealthChecks("/healthz", new() { Predicate = _ => false });
app.MapHealthChecks("/readyz", new() { Predicate = check => check.Tags.Contains(G4FHealthChecks.ReadyTag) });
app.MapOpenApi();
app.MapPrometheusScrapingEndpoint("/metrics");
app.Run();

/// <summary>The sample host's entry point (public for WebApplicationFactory-based tests).</summary>
public partial class Program
{
    /// <summary>Series per instrument of ASP.NET Core's and HttpClient's meters (OpenTelemetry's default is 2000).</summary>
    internal const int FrameworkCardinalityLimit = 200;

    /// <summary>Series per instrument of the backend's own meter (providers x models x error types).</summary>
    internal const int OwnCardinalityLimit = 1000;
}
