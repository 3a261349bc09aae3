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
