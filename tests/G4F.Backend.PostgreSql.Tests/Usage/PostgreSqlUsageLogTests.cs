using System.Text;
using G4F.Backend.PostgreSql.Tests.Infrastructure;
using G4F.Backend.PostgreSql.Usage;
using G4F.Backend.Storage.Contracts;
using G4F.Backend.Usage;
using Microsoft.Extensions.Time.Testing;

namespace G4F.Backend.PostgreSql.Tests.Usage;

/// <summary>The PostgreSQL usage log runs the store contract, and keeps its promises across two instances.</summary>
[Collection(PostgreSqlCollection.Name)]
public sealed class PostgreSqlUsageLogTests(PostgreSqlCluster cluster) : UsageLogContract
{
    protected override async ValueTask<IUsageLog> CreateLogAsync(TimeProvider clock) =>
        new PostgreSqlUsageLog((await cluster.DatabaseForAsync(GetType())).Instance, clock);

    [Fact]
    public async Task Lines_appended_on_two_instances_at_once_are_all_counted_by_either()
    {
        var database = await cluster.NewDatabaseAsync();
        var clock = new FakeTimeProvider(new DateTimeOffset(2031, 3, 4, 12, 0, 0, TimeSpan.Zero));
        var (first, second) = (new PostgreSqlUsageLog(database.Instance, clock), new PostgreSqlUsageLog(database.NewInstance(), clock));

        await Task.WhenAll(Enumerable.Range(0, 300).Select(i => Task.Run(() =>
            (i % 2 == 0 ? first : second).AppendUsageAsync(new UsageLine(Encoding.UTF8.GetBytes($$"""{"user":"u{{i % 3}}","model":"m","total_tokens":2,"i":{{i}}}""")))))).WaitAsync(TimeSpan.FromSeconds(120));

        foreach (var log in new[] { first, second })
        {
            var statistics = await log.GetStatisticsAsync(1);
            statistics.Totals.Should().Be(new UsageTotals(300, 0, 0, 0, 600));
            statistics.Users.Keys.Should().Equal("u0", "u1", "u2");
        }
    }

    [Fact]
    public async Task A_line_appended_again_is_stored_and_counted_once_and_served_as_written()
    {
        // A retry after a lost commit reply appends the same line again; another line of the same JSON is another line.
        var database = await cluster.NewDatabaseAsync();
        var clock = new FakeTimeProvider(new DateTimeOffset(2031, 3, 4, 12, 0, 0, TimeSpan.Zero));
        var (first, second) = (new PostgreSqlUsageLog(database.Instance, clock), new PostgreSqlUsageLog(database.NewInstance(), clock));
        var json = """{"user":"ann","model":"m","total_tokens":5}"""u8.ToArray();
        var line = new UsageLine(json);

        await first.AppendUsageAsync(line);
        await first.AppendUsageAsync(line);
        await second.AppendUsageAsync(line);
        await second.AppendUsageAsync(new UsageLine(json));

        (await first.GetStatisticsAsync(1)).Totals.Should().Be(new UsageTotals(2, 0, 0, 0, 10));
        await using var day = await second.OpenUsageDayAsync(DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime));
        using var text = new StreamReader(day!);
        (await text.ReadToEndAsync()).Should().Be(Encoding.UTF8.GetString(json) + "\n" + Encoding.UTF8.GetString(json) + "\n", "the id is never part of a served line");
    }

    [Fact]
    public async Task Sums_saturate_instead_of_failing()
    {
        var database = await cluster.NewDatabaseAsync();
        var clock = new FakeTimeProvider(new DateTimeOffset(2031, 3, 4, 12, 0, 0, TimeSpan.Zero));
        var log = new PostgreSqlUsageLog(database.Instance, clock);
        await log.AppendUsageAsync(new UsageLine(Encoding.UTF8.GetBytes($$"""{"total_tokens":{{long.MaxValue}}}""")));
        await log.AppendUsageAsync(new UsageLine(Encoding.UTF8.GetBytes($$"""{"total_tokens":{{long.MaxValue}}}""")));

        (await log.GetStatisticsAsync(1)).Totals.TotalTokens.Should().Be(long.MaxValue);
    }

    [Fact]
    public async Task A_user_name_with_a_nul_character_is_stored_and_matched_exactly()
    {
        var database = await cluster.NewDatabaseAsync();
        var clock = new FakeTimeProvider(new DateTimeOffset(2031, 3, 4, 12, 0, 0, TimeSpan.Zero));
        var log = new PostgreSqlUsageLog(database.Instance, clock);

        await log.AppendUsageAsync(new UsageLine("""{"user":"a\u0000b","total_tokens":1}"""u8.ToArray()));

        (await log.GetStatisticsAsync(1, "a\0b")).Totals.Requests.Should().Be(1);
        await using var day = await log.OpenUsageDayAsync(DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime), "a\0b");
        day.Should().NotBeNull();
    }

    [Fact]
    public async Task Upgrading_a_database_with_lines_counts_them_in_the_running_totals()
    {
        // A database as release 3 of the schema left it: lines, and no totals table or trigger yet (later versions are
        // forgotten too and their objects dropped; keyed memory words re-run on an empty memory table).
        var database = await cluster.NewDatabaseAsync();
        var clock = new FakeTimeProvider(new DateTimeOffset(2031, 3, 4, 12, 0, 0, TimeSpan.Zero));
        var before = new PostgreSqlUsageLog(database.NewInstance(), clock);
        await before.AppendUsageAsync(new UsageLine("""{"user":"ann","model":"m","prompt_tokens":2,"completion_tokens":3}"""u8.ToArray()));
        await ExecuteAsync(database, "DROP TRIGGER g4f_usage_totals_add ON g4f_usage_lines; DROP FUNCTION g4f_usage_totals_add(); DROP TABLE g4f_usage_totals; "
            + "DROP TRIGGER g4f_memory_counts_add ON g4f_memories; DROP TRIGGER g4f_memory_counts_remove ON g4f_memories; DROP FUNCTION g4f_memory_counts_add(); "
            + "DROP FUNCTION g4f_memory_counts_remove(); DROP TABLE g4f_memory_counts; DELETE FROM g4f_schema_version WHERE version >= 4");
        await before.AppendUsageAsync(new UsageLine("""{"user":"bob","model":"m","total_tokens":9}"""u8.ToArray()));

        var statistics = await new PostgreSqlUsageLog(database.NewInstance(), clock).GetStatisticsAsync(1);

        statistics.Totals.Should().Be(new UsageTotals(2, 2, 3, 0, 14));
        statistics.Users.Keys.Should().Equal("bob", "ann");
    }

    [Fact]
    public async Task Lines_inserted_in_bulk_are_all_counted()
    {
        // The totals follow every insert statement, not only the store's one-line appends (an import, a restore).
        var database = await cluster.NewDatabaseAsync();
        var clock = new FakeTimeProvider(new DateTimeOffset(2031, 3, 4, 12, 0, 0, TimeSpan.Zero));
        var log = new PostgreSqlUsageLog(database.Instance, clock);
        await log.AppendUsageAsync(new UsageLine("""{"user":"ann","model":"m","total_tokens":1}"""u8.ToArray()));

        await ExecuteAsync(database, """
            INSERT INTO g4f_usage_lines (day, user_name, model, provider, prompt_tokens, completion_tokens, saved_tokens, total_tokens, line)
            SELECT DATE '2031-03-04', convert_to('u' || (g % 2), 'UTF8'), 'm', 'p', 1, 1, 0, 2, '{}' FROM generate_series(1, 1000) g
            """);

        var statistics = await log.GetStatisticsAsync(1);
        statistics.Totals.Should().Be(new UsageTotals(1001, 1000, 1000, 0, 2001));
        statistics.Users.Keys.Should().Equal("u0", "u1", "ann");
    }

    private static async Task ExecuteAsync(TestDatabase database, string sql)
    {
        await using var connection = new Npgsql.NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
