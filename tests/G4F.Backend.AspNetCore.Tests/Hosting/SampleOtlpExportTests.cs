using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using G4F.Backend.AspNetCore.Tests.Infrastructure;
using G4F.Backend.Telemetry;
using G4F.Backend.Testing;

namespace G4F.Backend.AspNetCore.Tests.Hosting;

/// <summary>
/// The sample exports spans and metrics over OTLP when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set: the backend's turn
/// spans and GenAI metrics reach a collector on loopback, with neither the prompt nor a key in them.
/// </summary>
public sealed class SampleOtlpExportTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task With_an_endpoint_set_the_turns_spans_and_metrics_reach_the_collector_without_prompt_or_key()
    {
        const string Prompt = "otlp-prompt-4f1d9c";
        const string Key = "sk-otlp-secret-8b2e7a";
        var received = new ConcurrentQueue<(string Path, byte[] Body)>();
        var (collector, collectorUrl) = await LoopbackServer.StartAsync(async context =>
        {
            using var body = new MemoryStream();
            await context.Request.Body.CopyToAsync(body, context.RequestAborted);
            received.Enqueue((context.Request.Path.Value ?? string.Empty, body.ToArray()));
            context.Response.ContentType = "application/x-protobuf";
        }, CancellationToken.None);
        await using var stopCollector = new StopOnDispose(collector);
        await using var upstream = await FakeUpstream.StartAsync();
        var model = $"otlp-model-{Guid.NewGuid():N}";
        upstream.Models = [model];
        await using var server = await SampleServerProcess.StartAsync(new Dictionary<string, string>
        {
            ["G4F__Providers__Local__Type"] = "OpenAICompatible",
            ["G4F__Providers__Local__BaseUrl"] = upstream.OpenAIBaseUrl,
            ["G4F__Providers__Local__ApiKey"] = Key,
            ["G4F__Providers__Pollinations__Enabled"] = "false",
            ["G4F__Providers__Ollama__Enabled"] = "false",
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = collectorUrl,
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
            ["OTEL_BSP_SCHEDULE_DELAY"] = "200",
            ["OTEL_METRIC_EXPORT_INTERVAL"] = "500",
        });

        // Telemetry names a model once the provider's listing is known to hold it (else _OTHER): list it first.
        (await server.Client.GetStringAsync("/backend-api/v2/models/Local")).Should().Contain(model);
        (await server.Client.ConverseAsync($$"""{"provider":"Local","model":"{{model}}","messages":[{"role":"user","content":"{{Prompt}}"}]}""")).Content
            .Should().Be("Hello world");

        var clock = Stopwatch.StartNew();
        while (!(Holds(received, "/v1/traces", G4FTelemetry.SourceName, model) && Holds(received, "/v1/metrics", "gen_ai.client.token.usage", model)) && clock.Elapsed < Bound)
        {
            await Task.Delay(100);
        }

        Holds(received, "/v1/traces", G4FTelemetry.SourceName, model).Should().BeTrue("the turn's spans are exported over OTLP");
        Holds(received, "/v1/metrics", "gen_ai.client.token.usage", model).Should().BeTrue("the GenAI metrics are exported over OTLP");
        received.Should().NotContain(r => Contains(r.Body, Prompt), "no prompt text leaves in telemetry");
        received.Should().NotContain(r => Contains(r.Body, Key), "no key leaves in telemetry");
    }

    private static bool Holds(IEnumerable<(string Path, byte[] Body)> received, string path, params string[] texts) =>
        received.Any(r => r.Path == path && texts.All(text => Contains(r.Body, text)));

    private static bool Contains(byte[] body, string text) => body.AsSpan().IndexOf(Encoding.UTF8.GetBytes(text)) >= 0;

    private sealed class StopOnDispose(Microsoft.AspNetCore.Builder.WebApplication app) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }
}
