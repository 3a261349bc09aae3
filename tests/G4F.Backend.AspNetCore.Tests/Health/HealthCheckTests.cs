using System.Net;
using G4F.Backend.AspNetCore.Tests.Infrastructure;
using G4F.Backend.Diagnostics;
using G4F.Backend.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace G4F.Backend.AspNetCore.Tests.Health;

/// <summary>
/// The checks AddG4FBackend registers, through the sample's /healthz (live) and /readyz (ready): storage must be writable
/// (else unready), a provider whose host does not answer is Degraded (still ready), and no key or URL leaks into the result.
/// </summary>
public sealed class HealthCheckTests : IAsyncLifetime
{
    private const string Key = "sk-health-secret-4711";
    private FakeUpstream _upstream = null!;

    public async Task InitializeAsync() => _upstream = await FakeUpstream.StartAsync();

    public async Task DisposeAsync() => await _upstream.DisposeAsync();

    [Fact]
    public async Task With_writable_storage_and_a_reachable_provider_both_probes_are_healthy()
    {
        using var factory = new BackendFactory(BackendFactory.OpenAIProvider("Fake", _upstream.OpenAIBaseUrl, Key));
        var client = factory.CreateClient();

        var live = await client.GetAsync("/healthz");
        var ready = await client.GetAsync("/readyz");

        live.StatusCode.Should().Be(HttpStatusCode.OK);
        (await ready.Content.ReadAsStringAsync()).Should().Be("Healthy");
        ready.StatusCode.Should().Be(HttpStatusCode.OK);

        // The probe left nothing behind in the data directory.
        Directory.EnumerateFiles(factory.DataDirectory, "*.probe", SearchOption.AllDirectories).Should().BeEmpty();
    }

    [Fact]
    public async Task An_unreachable_provider_is_degraded_named_without_its_key_or_url_and_still_ready()
    {
        var deadUrl = $"http://127.0.0.1:{FakeUpstream.GetUnusedLoopbackPort()}/v1";
        using var factory = new BackendFactory(BackendFactory.Merge(
            BackendFactory.OpenAIProvider("Fake", _upstream.OpenAIBaseUrl),
            BackendFactory.OpenAIProvider("Gone", deadUrl, Key)));
        var client = factory.CreateClient();

        var ready = await client.GetAsync("/readyz");

        ready.StatusCode.Should().Be(HttpStatusCode.OK);
        (await ready.Content.ReadAsStringAsync()).Should().Be("Degraded");

        var report = await factory.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync();
        var providers = report.Entries[G4FHealthChecks.Providers];
        providers.Status.Should().Be(HealthStatus.Degraded);
        providers.Description.Should().Contain("Gone").And.NotContain("Fake");
        providers.Data["unreachable"].Should().BeEquivalentTo(new[] { "Gone" });
        var everything = providers.Description + string.Join(",", providers.Data.Values.Select(v => v is IEnumerable<string> names ? string.Join(",", names) : v.ToString()));
        everything.Should().NotContain(Key).And.NotContain("127.0.0.1");
        report.Entries[G4FHealthChecks.Storage].Tags.Should().Contain(G4FHealthChecks.ReadyTag);
    }

    [Fact]
    public async Task A_provider_with_configured_models_is_probed_and_degraded_when_its_host_is_down()
    {
        // Its models come from configuration, so listing them never contacts the upstream: only a probe can tell.
        var deadUrl = $"http://127.0.0.1:{FakeUpstream.GetUnusedLoopbackPort()}/v1";
        using var factory = new BackendFactory(BackendFactory.Merge(
            BackendFactory.OpenAIProvider("Listed", deadUrl, Key),
            new Dictionary<string, string?> { ["G4F:Providers:Listed:Models:0"] = "x" }));

        var ready = await factory.CreateClient().GetAsync("/readyz");

        ready.StatusCode.Should().Be(HttpStatusCode.OK);
        (await ready.Content.ReadAsStringAsync()).Should().Be("Degraded");
        var providers = (await factory.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync()).Entries[G4FHealthChecks.Providers];
        providers.Status.Should().Be(HealthStatus.Degraded);
        providers.Description.Should().Contain("Listed (ConnectionError)").And.NotContain(Key).And.NotContain("127.0.0.1");
        providers.Data["unreachable"].Should().BeEquivalentTo(new[] { "Listed" });
    }

    [Fact]
    public async Task A_provider_with_configured_models_and_a_live_host_is_healthy_probed_once_with_its_own_key_while_cached()
    {
        using var factory = new BackendFactory(BackendFactory.Merge(
            BackendFactory.OpenAIProvider("Listed", _upstream.OpenAIBaseUrl, Key),
            new Dictionary<string, string?> { ["G4F:Providers:Listed:Models:0"] = "x" }));
        var client = factory.CreateClient();

        // A burst of probes: the first reaches the upstream, the rest share its cached result.
        var answers = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => client.GetAsync("/readyz")));

        foreach (var answer in answers)
        {
            answer.StatusCode.Should().Be(HttpStatusCode.OK);
            (await answer.Content.ReadAsStringAsync()).Should().Be("Healthy");
        }

        var probes = _upstream.Requests.Where(r => r.Path == "/v1/models").ToList();
        probes.Should().ContainSingle();
        probes[0].Headers.GetValueOrDefault("Authorization").Should().Be($"Bearer {Key}");
    }

    [Fact]
    public async Task A_host_that_answers_an_error_status_below_500_is_reachable_and_5xx_is_degraded()
    {
        await using var refusing = await FakeUpstream.StartAsync();
        await using var failing = await FakeUpstream.StartAsync();
        refusing.ModelsReply = FakeReply.Status(401, """{"error":{"message":"no key"}}""");
        failing.ModelsReply = FakeReply.Status(503, """{"error":{"message":"overloaded"}}""");
        using var factory = new BackendFactory(BackendFactory.Merge(
            BackendFactory.OpenAIProvider("Refusing", refusing.OpenAIBaseUrl),
            BackendFactory.OpenAIProvider("Failing", failing.OpenAIBaseUrl),
            new Dictionary<string, string?> { ["G4F:Providers:Refusing:Models:0"] = "x", ["G4F:Providers:Failing:Models:0"] = "y" }));

        var providers = (await factory.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync()).Entries[G4FHealthChecks.Providers];

        providers.Status.Should().Be(HealthStatus.Degraded);
        providers.Data["unreachable"].Should().BeEquivalentTo(new[] { "Failing" });
        providers.Description.Should().Contain("Failing (HTTP 503)");
    }

    [Fact]
    public async Task Without_providers_the_backend_is_degraded_not_failed()
    {
        using var factory = new BackendFactory(new Dictionary<string, string?>());

        var ready = await factory.CreateClient().GetAsync("/readyz");

        ready.StatusCode.Should().Be(HttpStatusCode.OK);
        (await ready.Content.ReadAsStringAsync()).Should().Be("Degraded");
    }

    [Fact]
    public async Task Storage_that_cannot_be_written_makes_the_backend_unready_but_still_live()
    {
        using var factory = new BackendFactory(BackendFactory.OpenAIProvider("Fake", _upstream.OpenAIBaseUrl));
        var client = factory.CreateClient();
        (await client.GetAsync("/readyz")).StatusCode.Should().Be(HttpStatusCode.OK);

        // A file where the staging folder should be: nothing can be created below it.
        var staging = Path.Combine(factory.DataDirectory, ".staging");
        if (Directory.Exists(staging))
        {
            Directory.Delete(staging, recursive: true);
        }

        File.WriteAllText(staging, "not a folder");

        var ready = await client.GetAsync("/readyz");
        var live = await client.GetAsync("/healthz");

        ready.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
        (await ready.Content.ReadAsStringAsync()).Should().Be("Unhealthy");
        live.StatusCode.Should().Be(HttpStatusCode.OK);
        var report = await factory.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync();
        report.Entries[G4FHealthChecks.Storage].Description.Should().NotContain(factory.DataDirectory);
    }
}
