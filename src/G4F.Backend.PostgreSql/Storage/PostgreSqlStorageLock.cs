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
/// The wait has no time limit of its own (not the connection string's Command Timeout): as the embedded lock, it lasts
/// until the lock is held or the caller cancels. A wait that fails or is cancelled never leaves the lock held by a
/// pooled session: the server may have granted it as the cancellation arrived.
/// </summary>
internal sealed class PostgreSqlStorageLock : IStorageLock
{
    /// <summary>The statement that waits for and takes the lock whose key is its one parameter.</summary>
    internal const string LockStatement = "SELECT pg_advisory_lock($1)";

    private readonly Dictionary<long, Gate> _gates = [];
    private readonly PostgreSqlDatabase _database;
    private readonly string _lockStatement;

    public PostgreSqlStorageLock(PostgreSqlDatabase database)
        : this(database, LockStatement)
    {
    }

    /// <summary>
    /// A lock taken by <paramref name="lockStatement"/> instead of <see cref="LockStatement"/>: the tests' seam for a
    /// statement that takes the lock and then goes on waiting, so a cancellation arrives just after the grant.
    /// </summary>
    internal PostgreSqlStorageLock(PostgreSqlDatabase database, string lockStatement)
    {
        _database = database;
        _lockStatement = lockStatement;
    }

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
            var connection = await _database.OpenLockConnectionAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                // CommandTimeout 0: the wait lasts as long as the holder works, bounded only by the caller's token.
                using var command = new NpgsqlCommand(_lockStatement, connection) { CommandTimeout = 0, Parameters = { new() { Value = key } } };
                await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                return new Held(connection, key, () => Leave(key, gate, hadTurn: true));
            }
            catch
            {
                await ReleaseUnheldAsync(connection).ConfigureAwait(false);
                throw;
            }
        }
        catch
        {
            Leave(key, gate, hadTurn: true);
            throw;
        }
    }

    /// <summary>
    /// Returns the connection of a failed or cancelled wait to the pool holding no lock. The server may have granted the
    /// lock as the cancellation arrived (the error then comes from what followed the grant, or the grant's reply was never
    /// read), and a pooled idle session keeps its session locks until it is next used, so every other instance would wait
    /// for a lock nobody holds. The session drops whatever advisory lock it has; should that fail, it ends instead.
    /// </summary>
    private static async ValueTask ReleaseUnheldAsync(NpgsqlConnection connection)
    {
        try
        {
            // All of the session's advisory locks: this connection holds no other, and unlike pg_advisory_unlock it
            // warns of nothing when the lock was never granted. Not cancellable (the caller already gave up), but bounded
            // by the Command Timeout, so a server that stopped answering ends the session instead of hanging here.
            using var command = new NpgsqlCommand("SELECT pg_advisory_unlock_all()", connection);
            await command.ExecuteNonQueryAsync(CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is NpgsqlException or InvalidOperationException)
        {
            // Not confirmed released (the connection broke, or the cancellation's request reached this statement): the
            // session must not go back to the pool, so it ends instead, which releases the lock in the server.
            NpgsqlConnection.ClearPool(connection);
        }
        finally
        {
            await connection.DisposeAsync().ConfigureAwait(false);
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
