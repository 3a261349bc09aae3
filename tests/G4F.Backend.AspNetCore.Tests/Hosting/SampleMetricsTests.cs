using System.Diagnostics;
using G4F.Backend.AspNetCore.Tests.Infrastructure;
using G4F.Backend.Testing;

namespace G4F.Backend.AspNetCore.Tests.Hosting;

/// <summary>The sample's OpenTelemetry wiring: the backend's GenAI metrics in Prometheus text at /metrics, no OTLP export.</summary>
public sealed class SampleMetricsTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Metrics_shows_the_gen_ai_histograms_of_a_chat_turn()
    {
        await using var upstream = await FakeUpstream.StartAsync();
        var model = $"metrics-model-{Guid.NewGuid():N}";
        upstream.Models = [model];
        await using var factory = new BackendFactory(BackendFactory.OpenAIProvider("Local", upstream.OpenAIBaseUrl));
        var client = factory.CreateClient();

        var transcript = await client.ConverseAsync($$"""{"model":"{{model}}","messages":[{"role":"user","content":"Hi"}]}""");
        transcript.Content.Should().Be("Hello world");

        var text = await ScrapeUntilAsync(client, $"gen_ai_request_model=\"{model}\"");
        var ours = text.Split('\n').Where(line => line.Contains($"gen_ai_request_model=\"{model}\"", StringComparison.Ordinal)).ToList();
        ours.Should().Contain(line => line.StartsWith("gen_ai_client_token_usage_bucket{", StringComparison.Ordinal) && line.Contains("gen_ai_token_type=\"output\"", StringComparison.Ordinal));
        ours.Should().Contain(line => line.StartsWith("gen_ai_server_request_duration_seconds_count{", StringComparison.Ordinal) && line.Contains("gen_ai_provider_name=\"Local\"", StringComparison.Ordinal));
        ours.Should().Contain(line => line.StartsWith("gen_ai_server_time_to_first_token_seconds_bucket{", StringComparison.Ordinal));
        ours.Should().Contain(line => line.StartsWith("gen_ai_client_operation_duration_seconds_count{", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_cardinality_view_keeps_each_instruments_advised_buckets()
    {
        // The sample's view sets only a cardinality limit: a view that named no boundaries but dropped the instruments'
        // advice would put every histogram on OpenTelemetry's default buckets (0, 5, 10, 25, ... 10000).
        await using var upstream = await FakeUpstream.StartAsync();
        var model = $"buckets-model-{Guid.NewGuid():N}";
        upstream.Models = [model];
        await using var factory = new BackendFactory(BackendFactory.OpenAIProvider("Local", upstream.OpenAIBaseUrl));
        var client = factory.CreateClient();
        (await client.ConverseAsync($$"""{"model":"{{model}}","messages":[{"role":"user","content":"Hi"}]}""")).Content.Should().Be("Hello world");

        var text = await ScrapeUntilAsync(client, $"gen_ai_request_model=\"{model}\"");
        var lines = text.Split('\n');
        lines.Should().Contain(line => line.StartsWith("gen_ai_client_token_usage_bucket{", StringComparison.Ordinal) && line.Contains("le=\"67108864\"", StringComparison.Ordinal));
        lines.Should().Contain(line => line.StartsWith("gen_ai_server_time_to_first_token_seconds_bucket{", StringComparison.Ordinal) && line.Contains("le=\"0.001\"", StringComparison.Ordinal));
        lines.Should().Contain(line => line.StartsWith("http_server_request_duration_seconds_bucket{", StringComparison.Ordinal) && line.Contains("le=\"0.005\"", StringComparison.Ordinal));
    }

    /// <summary>Scrapes until the text holds <paramref name="expected"/>: the exporter may serve a cached scrape for a moment.</summary>
    private static async Task<string> ScrapeUntilAsync(HttpClient client, string expected)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            using var response = await client.GetAsync("/metrics");
            response.EnsureSuccessStatusCode();
            response.Content.Headers.ContentType!.MediaType.Should().Be("text/plain");
            var text = await response.Content.ReadAsStringAsync();
            if (text.Contains(expected, StringComparison.Ordinal) || clock.Elapsed > Bound)
            {
                return text;
            }

            await Task.Delay(50);
        }
    }
}
