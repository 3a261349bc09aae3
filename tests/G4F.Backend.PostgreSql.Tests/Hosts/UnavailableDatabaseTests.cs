using System.Net;
using System.Text.Json;
using G4F.Backend.AspNetCore.Tests.Infrastructure;
using G4F.Backend.PostgreSql.Tests.Infrastructure;
using G4F.Backend.Testing;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace G4F.Backend.PostgreSql.Tests.Hosts;

/// <summary>
/// A database that goes away after the host started (here: it stops accepting connections and its sessions are ended,
/// as when it is dropped or its server stops): routes that need it answer a JSON 503, never an HTML page nor a 500, and a
/// conversation still streams its answer, the usage line it could not record a warning in the log.
/// </summary>
[Collection(PostgreSqlCollection.Name)]
public sealed class UnavailableDatabaseTests(PostgreSqlCluster cluster) : IAsyncLifetime
{
    private FakeUpstream _upstream = null!;

    public async Task InitializeAsync() => _upstream = await FakeUpstream.StartAsync();

    public async Task DisposeAsync() => await _upstream.DisposeAsync();

    [Fact]
    public async Task Routes_answer_503_with_a_json_error_and_a_conversation_still_streams_its_usage()
    {
        var database = await cluster.NewDatabaseAsync();
        var settings = BackendFactory.OpenAIProvider("Fake", _upstream.OpenAIBaseUrl);
        // The sample reads G4F:PostgreSql:ConnectionString before the test host's settings apply: the step is added here.
        await using var factory = new BackendFactory(settings, services => services.AddG4FBackend().UsePostgreSql(database.ConnectionString));
        var client = factory.CreateClient();
        (await client.GetAsync("/backend-api/v2/memory/ann?limit=5")).StatusCode.Should().Be(HttpStatusCode.OK, "the database works at first");
        (await client.GetStringAsync("/readyz")).Should().Be("Healthy", "ready while the database answers");

        await SetConnectionsAsync(database.Name, allowed: false);
        try
        {
            foreach (var path in new[] { "/backend-api/v2/memory/ann?limit=5", "/backend-api/v2/files/" + Guid.NewGuid(), "/backend-api/v2/chat/" + Guid.NewGuid() })
            {
                using var response = await client.GetAsync(path);
                response.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable, path);
                response.Content.Headers.ContentType!.MediaType.Should().Be("application/json");
                var body = await response.Content.ReadAsStringAsync();
                JsonDocument.Parse(body).RootElement.GetProperty("error").GetProperty("message").GetString().Should().Be("Storage unavailable, try again later");
                body.Should().NotContain(database.Name, "the answer names no server detail");
            }

            // Not ready: the data directory is still writable, but the stores cannot be reached.
            using (var ready = await client.GetAsync("/readyz"))
            {
                ready.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
                (await ready.Content.ReadAsStringAsync()).Should().Be("Unhealthy");
            }

            _upstream.Reply = FakeReply.Chunks(
                """{"id":"c","model":"fake-model","choices":[{"index":0,"delta":{"content":"Hi"},"finish_reason":null}]}""",
                """{"id":"c","model":"fake-model","choices":[],"usage":{"prompt_tokens":11,"completion_tokens":3,"total_tokens":14}}""");
            var transcript = await client.ConverseAsync("""{"model":"fake-model","provider":"Fake","user":"ann","messages":[{"role":"user","content":"Hi"}]}""");

            transcript.Types.Should().EndWith("usage", transcript.Raw);
            await WaitForAsync(() => factory.Logs.GetSnapshot().Any(r => r.Message.StartsWith("The usage line of a conversation turn could not be recorded; retrying", StringComparison.Ordinal)));
            factory.Logs.GetSnapshot().Should().NotContain(r => r.Message.Contains("Password", StringComparison.OrdinalIgnoreCase));

            // The database comes back: the line waiting for its retry is recorded, once.
            await SetConnectionsAsync(database.Name, allowed: true);
            await WaitForAsync(() => factory.Logs.GetSnapshot().Any(r => r.Message.StartsWith("The usage line of a conversation turn was recorded at attempt", StringComparison.Ordinal)), TimeSpan.FromSeconds(90));
            var stats = JsonDocument.Parse(await client.GetStringAsync("/backend-api/v2/stats?user=ann")).RootElement.GetProperty("totals");
            stats.GetProperty("requests").GetInt64().Should().Be(1);
            stats.GetProperty("total_tokens").GetInt64().Should().Be(14);
        }
        finally
        {
            await SetConnectionsAsync(database.Name, allowed: true);
        }
    }

    private async Task SetConnectionsAsync(string databaseName, bool allowed)
    {
        var admin = new NpgsqlConnection(cluster.AdminConnectionString);
        await using (admin)
        {
            await admin.OpenAsync();
            // Identifiers cannot be parameters; the name is the fixture's own (letters, digits, underscores). Ending a session
            // waits until it is gone (the timeout form), so no pooled connection is still served after this call.
            using var alter = new NpgsqlCommand($"ALTER DATABASE \"{databaseName}\" ALLOW_CONNECTIONS {(allowed ? "true" : "false")}", admin);
            await alter.ExecuteNonQueryAsync();
            if (!allowed)
            {
                using var end = new NpgsqlCommand("SELECT pg_terminate_backend(pid, 10000) FROM pg_stat_activity WHERE datname = $1", admin) { Parameters = { new() { Value = databaseName } } };
                await end.ExecuteNonQueryAsync();
            }
        }
    }

    private static async Task WaitForAsync(Func<bool> condition, TimeSpan? bound = null)
    {
        using var timeout = new CancellationTokenSource(bound ?? TimeSpan.FromSeconds(30));
        while (!condition())
        {
            await Task.Delay(20, timeout.Token);
        }
    }
}
