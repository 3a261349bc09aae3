using G4F.Backend.PostgreSql.Schema;
using G4F.Backend.Storage;
using Npgsql;

namespace G4F.Backend.PostgreSql.Storage;

/// <summary>
/// <see cref="IStorageLock"/> across every instance on one database: a session advisory lock
/// (<c>pg_advisory_lock</c>) on a connection of its own, held for as long as the lock is. Should the process die, the
/// server ends the session and with it the lock. Waiting happens in the server; a cancelled wait cancels the query.
/// The connections come from a pool of their own (<see cref="PostgreSqlDatabase.OpenLockConnectionAsync"/>).
/// </summary>
internal sealed class PostgreSqlStorageLock(PostgreSqlDatabase database) : IStorageLock
{
    public async ValueTask<IAsyncDisposable> AcquireAsync(string resource, CancellationToken cancellationToken)
    {
        var key = ResourceKey.Of(resource);
        cancellationToken.ThrowIfCancellationRequested();
        var connection = await database.OpenLockConnectionAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            using var command = new NpgsqlCommand("SELECT pg_advisory_lock($1)", connection) { Parameters = { new() { Value = key } } };
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            return new Held(connection, key);
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private sealed class Held(NpgsqlConnection connection, long key) : IAsyncDisposable
    {
        private int _released;

        public async ValueTask DisposeAsync()
        {
            if (Interlocked.Exchange(ref _released, 1) != 0)
            {
                return;
            }

            try
            {
                using var command = new NpgsqlCommand("SELECT pg_advisory_unlock($1)", connection) { Parameters = { new() { Value = key } } };
                await command.ExecuteNonQueryAsync(CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is NpgsqlException or InvalidOperationException)
            {
                // Not unlocked: the session must not go back to the pool still holding the lock, so it ends instead
                // (ending it releases the lock in the server).
                NpgsqlConnection.ClearPool(connection);
            }
            finally
            {
                await connection.DisposeAsync().ConfigureAwait(false);
            }
        }
    }
}
