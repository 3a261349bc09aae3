using System.Net;
using System.Text.Json;
using G4F.Backend.AspNetCore.Tests.Infrastructure;
using G4F.Backend.PostgreSql.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace G4F.Backend.PostgreSql.Tests.Hosts;

/// <summary>
/// A reachable database whose server refuses a statement for now, with an error Npgsql does not call transient: the
/// operator's <c>statement_timeout</c> while another session holds a table, or a read-only server (a standby after a
/// failover). The route answers the same JSON 503 as for an unreachable database, not a 500, and names no server detail.
/// </summary>
[Collection(PostgreSqlCollection.Name)]
public sealed class RefusedStatementTests(PostgreSqlCluster cluster)
{
    [Fact]
    public async Task A_statement_timeout_mid_request_answers_503_with_the_json_error()
    {
        new PostgresException("x", "ERROR", "ERROR", PostgresErrorCodes.QueryCanceled).IsTransient.Should().BeFalse("Npgsql does not call 57014 transient");
        var database = await cluster.NewDatabaseAsync();
        // An operator's ordinary statement_timeout (here 1 s, through the connection string's Options).
        var connectionString = database.ConnectionString + ";Options=-c statement_timeout=1000";
        await using var factory = new BackendFactory(new Dictionary<string, string?>(), services => services.AddG4FBackend().UsePostgreSql(connectionString));
        var client = factory.CreateClient();
        (await client.GetAsync("/backend-api/v2/memory/ann?limit=5")).StatusCode.Should().Be(HttpStatusCode.OK, "the database works at first");

        // Another session holds the table (a long migration, VACUUM FULL, a stuck transaction): the query runs into the timeout.
        await using var admin = new NpgsqlConnection(database.ConnectionString + ";Pooling=false");
        await admin.OpenAsync();
        await using var transaction = await admin.BeginTransactionAsync();
        await using (var lockTable = new NpgsqlCommand("LOCK TABLE g4f_memories IN ACCESS EXCLUSIVE MODE", admin, transaction))
        {
            await lockTable.ExecuteNonQueryAsync();
        }

        using var response = await client.GetAsync("/backend-api/v2/memory/ann?limit=5");
        await transaction.RollbackAsync();
        await ShouldBeUnavailableAsync(response, database.Name);
    }

    [Fact]
    public async Task A_write_to_a_server_that_became_read_only_answers_503_with_the_json_error()
    {
        var database = await cluster.NewDatabaseAsync();
        // Without pooling every request opens a session of its own, so the next one is on the "new" server below.
        var connectionString = database.ConnectionString + ";Pooling=false";
        await using var factory = new BackendFactory(new Dictionary<string, string?>(), services => services.AddG4FBackend().UsePostgreSql(connectionString));
        var client = factory.CreateClient();
        (await client.DeleteAsync("/backend-api/v2/memory/ann")).StatusCode.Should().Be(HttpStatusCode.OK, "the database takes writes at first");

        // As after a failover to a standby: every new session is read-only.
        await using (var admin = new NpgsqlConnection(database.ConnectionString + ";Pooling=false"))
        {
            await admin.OpenAsync();
            await using var readOnly = new NpgsqlCommand($"ALTER DATABASE \"{database.Name}\" SET default_transaction_read_only = on", admin);
            await readOnly.ExecuteNonQueryAsync();
        }

        using var response = await client.DeleteAsync("/backend-api/v2/memory/ann");
        await ShouldBeUnavailableAsync(response, database.Name);
    }

    private static async Task ShouldBeUnavailableAsync(HttpResponseMessage response, string databaseName)
    {
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable, body);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/json");
        JsonDocument.Parse(body).RootElement.GetProperty("error").GetProperty("message").GetString().Should().Be("Storage unavailable, try again later");
        body.Should().NotContain(databaseName, "the answer names no server detail");
    }
}
