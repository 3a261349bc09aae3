using System.Runtime.CompilerServices;
using G4F.Backend.PostgreSql.Schema;
using Npgsql;

namespace G4F.Backend.PostgreSql.Guarded;

/// <summary>
/// Errors of a statement that a server which cannot serve it now raises, though Npgsql does not call them transient
/// (<see cref="NpgsqlException.IsTransient"/>): the operator's <c>statement_timeout</c>, a server that became a read-only
/// standby after a failover, one shutting down or starting up, or out of connection slots. The stores' guards
/// (<c>Guarded*</c>) turn them into <see cref="PostgreSqlUnavailableException"/>, so the routes answer the same 503 as for
/// an unreachable database instead of a 500; the web layer knows nothing of PostgreSQL, so the classification is made here.
/// </summary>
internal static class StatementFailures
{
    /// <summary>Whether <paramref name="exception"/> is such an error (the server's SQLSTATE says so).</summary>
    public static bool IsUnavailable(Exception exception) => exception is PostgresException
    {
        SqlState: PostgresErrorCodes.QueryCanceled // statement_timeout; a caller's own cancellation is an OperationCanceledException
            or PostgresErrorCodes.ReadOnlySqlTransaction // a standby (promoted elsewhere, or read-only for maintenance)
            or PostgresErrorCodes.AdminShutdown
            or PostgresErrorCodes.CrashShutdown
            or PostgresErrorCodes.CannotConnectNow
            or PostgresErrorCodes.TooManyConnections
            or PostgresErrorCodes.LockNotAvailable, // lock_timeout
    };

    public static async Task RunAsync(PostgreSqlDatabase database, Task call)
    {
        try
        {
            await call.ConfigureAwait(false);
        }
        catch (Exception ex) when (IsUnavailable(ex))
        {
            throw Unavailable(database, ex);
        }
    }

    public static async Task<T> RunAsync<T>(PostgreSqlDatabase database, Task<T> call)
    {
        try
        {
            return await call.ConfigureAwait(false);
        }
        catch (Exception ex) when (IsUnavailable(ex))
        {
            throw Unavailable(database, ex);
        }
    }

    public static async ValueTask<T> RunAsync<T>(PostgreSqlDatabase database, ValueTask<T> call)
    {
        try
        {
            return await call.ConfigureAwait(false);
        }
        catch (Exception ex) when (IsUnavailable(ex))
        {
            throw Unavailable(database, ex);
        }
    }

    public static async IAsyncEnumerable<T> EnumerateAsync<T>(PostgreSqlDatabase database, IAsyncEnumerable<T> items, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var enumerator = items.GetAsyncEnumerator(cancellationToken);
        await using (enumerator.ConfigureAwait(false))
        {
            while (true)
            {
                // No yield inside a try with a catch: only the move is guarded.
                bool moved;
                try
                {
                    moved = await enumerator.MoveNextAsync().ConfigureAwait(false);
                }
                catch (Exception ex) when (IsUnavailable(ex))
                {
                    throw Unavailable(database, ex);
                }

                if (!moved)
                {
                    yield break;
                }

                yield return enumerator.Current;
            }
        }
    }

    private static PostgreSqlUnavailableException Unavailable(PostgreSqlDatabase database, Exception exception) =>
        new($"PostgreSQL at {database.Target} (set by {PostgreSqlOptions.ConnectionStringKey}) cannot serve the statement now: {exception.Message}", exception);
}
