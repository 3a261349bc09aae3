using G4F.Backend.PostgreSql.Schema;
using G4F.Backend.PostgreSql.Tests.Infrastructure;
using G4F.Backend.PostgreSql.Usage;
using G4F.Backend.Usage;
using Microsoft.Extensions.Time.Testing;
using Npgsql;

namespace G4F.Backend.PostgreSql.Tests.Schema;

/// <summary>
/// Migration 8 gives usage lines their identity on a populated version 7 database, with instances starting at once: the
/// older lines stay and are counted, and a line appended again from then on is stored once.
/// </summary>
[Collection(PostgreSqlCollection.Name)]
public sealed class UsageLineIdMigrationTests(PostgreSqlCluster cluster)
{
    private const int IdVersion = 8;

    [Fact]
    public async Task Lines_of_version_7_are_kept_when_instances_start_at_once_and_lines_after_are_stored_once()
    {
        var database = await cluster.NewDatabaseAsync();
        await using (var connection = new NpgsqlConnection(database.ConnectionString))
        {
            await connection.OpenAsync();
            await ExecuteAsync(connection, "CREATE TABLE g4f_schema_version (version integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())");
            foreach (var migration in Migrations.All.Where(m => m.Version < IdVersion))
            {
                await ExecuteAsync(connection, $"{migration.Sql}; INSERT INTO g4f_schema_version (version) VALUES ({migration.Version})");
            }

            // 500 lines as version 7's store wrote them, two of them byte-identical.
            await ExecuteAsync(connection, """
                INSERT INTO g4f_usage_lines (day, user_name, model, provider, prompt_tokens, completion_tokens, saved_tokens, total_tokens, line)
                SELECT DATE '2031-03-04', 'ann'::bytea, 'm'::bytea, 'p'::bytea, 0, 0, 0, 1, convert_to('{"user":"ann","n":' || least(g, 499) || '}', 'UTF8')
                FROM generate_series(1, 500) AS g
                """);
        }

        var instances = Enumerable.Range(0, 4).Select(_ => database.NewInstance()).ToList();
        await Task.WhenAll(instances.Select(i => Task.Run(async () => await i.EnsureSchemaAsync(CancellationToken.None)))).WaitAsync(TimeSpan.FromSeconds(120));

        var clock = new FakeTimeProvider(new DateTimeOffset(2031, 3, 4, 12, 0, 0, TimeSpan.Zero));
        var log = new PostgreSqlUsageLog(database.Instance, clock);
        var line = new UsageLine("""{"user":"ann","total_tokens":1}"""u8.ToArray());
        await log.AppendUsageAsync(line);
        await new PostgreSqlUsageLog(instances[1], clock).AppendUsageAsync(line);

        (await log.GetStatisticsAsync(1)).Totals.Should().Be(new UsageTotals(501, 0, 0, 0, 501));
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
