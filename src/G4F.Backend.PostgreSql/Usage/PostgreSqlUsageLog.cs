using System.Text;
using G4F.Backend.PostgreSql.Schema;
using G4F.Backend.Usage;
using Npgsql;

namespace G4F.Backend.PostgreSql.Usage;

/// <summary>
/// <see cref="IUsageLog"/> in PostgreSQL: one row per line (<c>g4f_usage_lines</c>, <c>g4f_client_log_lines</c>) under
/// the UTC day of the registered clock. An append is one INSERT, so appends from every instance neither lose nor tear
/// a line and need no lock; a usage line is inserted once per <see cref="UsageLine.Id"/>, so a retry after a lost commit
/// reply does not store it twice; a day is served in the order of the rows' ids; <c>/stats</c> is one aggregate query.
/// </summary>
internal sealed class PostgreSqlUsageLog(PostgreSqlDatabase database, TimeProvider clock) : IUsageLog
{
    public async Task AppendUsageAsync(UsageLine line, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(line);
        var day = Today();
        // The columns /stats sums, counted once here by Core's rules, so the database only adds.
        var counted = UsageCounting.Count(line);
        var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            // A retry of a line whose first commit went through but whose reply was lost finds its id and inserts nothing,
            // so the statement trigger, which sees only the rows inserted, adds nothing to the totals either.
            using var command = new NpgsqlCommand("""
                INSERT INTO g4f_usage_lines (day, user_name, model, provider, prompt_tokens, completion_tokens, saved_tokens, total_tokens, line, line_id)
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
                ON CONFLICT (line_id) DO NOTHING
                """, connection);
            foreach (var value in new object[] { day, Name(line.User), Name(line.Model), Name(line.Provider), counted.PromptTokens, counted.CompletionTokens, counted.SavedTokens, counted.TotalTokens, line.Json, line.Id })
            {
                command.Parameters.Add(new() { Value = value });
            }

            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task AppendClientLogAsync(ClientLogLine line, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(line);
        var day = Today();
        var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            using var command = new NpgsqlCommand("INSERT INTO g4f_client_log_lines (day, line) VALUES ($1, $2)", connection);
            command.Parameters.Add(new() { Value = day });
            command.Parameters.Add(new() { Value = line.Json });
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public Task<Stream?> OpenUsageDayAsync(DateOnly date, string? user = null, CancellationToken cancellationToken = default) =>
        user is null
            ? OpenLinesAsync("SELECT line FROM g4f_usage_lines WHERE day = $1 ORDER BY id", [date], cancellationToken)
            : OpenLinesAsync("SELECT line FROM g4f_usage_lines WHERE day = $1 AND user_name = $2 ORDER BY id", [date, Name(user)], cancellationToken);

    public Task<Stream?> OpenClientLogDayAsync(DateOnly date, CancellationToken cancellationToken = default) =>
        OpenLinesAsync("SELECT line FROM g4f_client_log_lines WHERE day = $1 ORDER BY id", [date], cancellationToken);

    public async Task<UsageStatistics> GetStatisticsAsync(int days, string? user = null, CancellationToken cancellationToken = default)
    {
        var today = Today();
        var first = today.AddDays(1 - Math.Clamp(days, 1, 365));
        var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            using var command = new NpgsqlCommand(UsageStatisticsQuery.Sql(filterByUser: !string.IsNullOrEmpty(user)), connection);
            command.Parameters.Add(new() { Value = first });
            command.Parameters.Add(new() { Value = today });
            if (!string.IsNullOrEmpty(user))
            {
                command.Parameters.Add(new() { Value = Name(user) });
            }

            var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                return await UsageStatisticsQuery.ReadAsync(reader, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>A group name as stored: UTF-8 (a name may hold a NUL, which <c>text</c> cannot), <c>unknown</c> when absent.</summary>
    private static byte[] Name(string? name) => Encoding.UTF8.GetBytes(UsageCounting.GroupOf(name));

    private DateOnly Today() => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);

    private async Task<Stream?> OpenLinesAsync(string sql, object[] values, CancellationToken cancellationToken)
    {
        // The stream holds its connection while the client reads (a slow one for as long as it likes), so it is a reader
        // of the readers' bound, as a blob stream is: held days never take the pool from the other stores.
        var reader = await database.OpenReaderAsync(cancellationToken).ConfigureAwait(false);
        var command = new NpgsqlCommand(sql, reader.Connection);
        foreach (var value in values)
        {
            command.Parameters.Add(new() { Value = value });
        }

        // The stream owns the reader's connection from here (and disposes everything when the day has no line).
        return await RowLinesStream.OpenAsync(reader, command, cancellationToken).ConfigureAwait(false);
    }
}
