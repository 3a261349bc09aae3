using G4F.Backend.PostgreSql.Schema;
using G4F.Backend.Storage;
using Npgsql;

namespace G4F.Backend.PostgreSql.Storage;

/// <summary>
/// <see cref="IStorageLock"/> across every instance on one database: a session advisory lock
/// (<c>pg_advisory_lock</c>) on a connection of its own, held for as long as the lock is. Should the process die, the
/// server ends the session and with it the lock. Waiting happens in the server; a cancelled wait cancels the query.
/// The connections come from a bounded pool of their own (<see cref="PostgreSqlDatabase.OpenLockConnectionAsync"/>,
/// <see cref="PostgreSqlOptions.MaxLockConnections"/>). Writers of one resource in this process first queue in the
/// process, so they take one lock connection between them however many wait: the pool's bound is shared by distinct
/// resources only, and a crowd of writers of one bucket never holds the connections another resource needs.
/// </summary>
internal sealed class PostgreSqlStorageLock(PostgreSqlDatabase database) : IStorageLock
{
    private readonly Dictionary<long, Gate> _gates = [];

    public async ValueTask<IAsyncDisposable> AcquireAsync(string resource, CancellationToken cancellationToken)
    {
        var key = ResourceKey.Of(resource);
        cancellationToken.ThrowIfCancellationRequested();
        var gate = Enter(key);
        try
        {
            await gate.Turn.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            Leave(key, gate, hadTurn: false);
            throw;
        }

        try
        {
            var connection = await database.OpenLockConnectionAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                using var command = new NpgsqlCommand("SELECT pg_advisory_lock($1)", connection) { Parameters = { new() { Value = key } } };
                await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                return new Held(connection, key, () => Leave(key, gate, hadTurn: true));
            }
            catch
            {
                await connection.DisposeAsync().ConfigureAwait(false);
                throw;
            }
        }
        catch
        {
            Leave(key, gate, hadTurn: true);
            throw;
        }
    }

    private Gate Enter(long key)
    {
        lock (_gates)
        {
            if (!_gates.TryGetValue(key, out var gate))
            {
                gate = new Gate();
                _gates.Add(key, gate);
            }

            gate.Users++;
            return gate;
        }
    }

    private void Leave(long key, Gate gate, bool hadTurn)
    {
        if (hadTurn)
        {
            gate.Turn.Release();
        }

        lock (_gates)
        {
            if (--gate.Users == 0)
            {
                _gates.Remove(key);
            }
        }
    }

    /// <summary>The in-process queue of one resource's writers; removed when none uses it (never disposed: no wait handle is used).</summary>
    private sealed class Gate
    {
        public SemaphoreSlim Turn { get; } = new(1, 1);

        public int Users { get; set; }
    }

    private sealed class Held(NpgsqlConnection connection, long key, Action leave) : IAsyncDisposable
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
                leave();
            }
        }
    }
}
