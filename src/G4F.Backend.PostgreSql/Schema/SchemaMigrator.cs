using Microsoft.Extensions.Logging;
using Npgsql;

namespace G4F.Backend.PostgreSql.Schema;

/// <summary>
/// Brings the schema to <see cref="Migrations.All"/>'s last version in one transaction. A transaction-scoped advisory
/// lock makes instances that start at the same moment on an empty database take turns: the first creates, the others
/// find the versions applied and do nothing. The lock ends with the transaction, also when the process dies.
/// </summary>
internal sealed partial class SchemaMigrator(ILogger logger)
{
    // The two-key form of advisory locks is a key space of its own, apart from the one-key locks of PostgreSqlStorageLock.
    private const int LockClass = 0x6734_6662; // "g4fb"
    private const int LockObject = 1;

    public async Task MigrateAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using (transaction.ConfigureAwait(false))
        {
            await ExecuteAsync(connection, $"SELECT pg_advisory_xact_lock({LockClass}, {LockObject})", cancellationToken).ConfigureAwait(false);
            await ExecuteAsync(connection, """
                CREATE TABLE IF NOT EXISTS g4f_schema_version (
                    version integer PRIMARY KEY,
                    applied_at timestamptz NOT NULL DEFAULT now())
                """, cancellationToken).ConfigureAwait(false);

            int current;
            using (var command = new NpgsqlCommand("SELECT coalesce(max(version), 0) FROM g4f_schema_version", connection))
            {
                current = (int)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
            }

            if (current > Migrations.Latest)
            {
                // A newer release upgraded the database: this one would misread tables it does not know.
                throw new PostgreSqlUnavailableException(
                    $"The database configured by {PostgreSqlOptions.ConnectionStringKey} has schema version {current}, newer than this release's {Migrations.Latest}.");
            }

            foreach (var migration in Migrations.All.Where(m => m.Version > current))
            {
                await ExecuteAsync(connection, migration.Sql, cancellationToken).ConfigureAwait(false);
                await ExecuteAsync(connection, $"INSERT INTO g4f_schema_version (version) VALUES ({migration.Version})", cancellationToken).ConfigureAwait(false);
                LogApplied(logger, migration.Version, migration.Name);
            }

            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "PostgreSQL schema migration {Version} ({Name}) applied")]
    private static partial void LogApplied(ILogger logger, int version, string name);
}
