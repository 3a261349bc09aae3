using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace G4F.Backend.PostgreSql.Schema;

/// <summary>
/// The one <see cref="NpgsqlDataSource"/> every PostgreSQL store shares, and the gate in front of it: no store touches a
/// table before the schema is current. The schema is brought up to date once per process (at start by
/// <see cref="SchemaStartup"/>; a failed attempt is tried again by the next caller, so a database that comes back heals).
/// </summary>
internal sealed class PostgreSqlDatabase : IAsyncDisposable, IDisposable
{
    private readonly NpgsqlDataSource _dataSource;
    private readonly NpgsqlDataSource _lockSource;
    private readonly SchemaMigrator _migrator;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private volatile bool _ready;

    public PostgreSqlDatabase(IOptions<PostgreSqlOptions> options, ILogger<PostgreSqlDatabase> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        var connectionString = options.Value.ConnectionString;
        Target = Describe(connectionString);
        _dataSource = new NpgsqlDataSourceBuilder(connectionString) { Name = "G4F.Backend" }.Build();
        // Held locks and waiters get a pool of their own: a lock holder's work needs a connection from the data pool,
        // which waiters queued on the lock must never be able to exhaust (the holder would wait on its own waiters).
        // Bounded on its own (PostgreSqlOptions.MaxLockConnections): a waiter beyond it waits in the process for a
        // connection instead of opening one more, so an instance opens at most Maximum Pool Size + that many.
        var lockConnection = new NpgsqlConnectionStringBuilder(connectionString) { MaxPoolSize = options.Value.MaxLockConnections };
        lockConnection.MinPoolSize = Math.Min(lockConnection.MinPoolSize, lockConnection.MaxPoolSize);
        _lockSource = new NpgsqlDataSourceBuilder(lockConnection.ConnectionString) { Name = "G4F.Backend.Locks" }.Build();
        _migrator = new SchemaMigrator(logger);
        // Readers wait for a slot as long as the pool makes anyone wait for a connection (Timeout; 0 is no limit).
        var timeout = new NpgsqlConnectionStringBuilder(connectionString).Timeout;
        Readers = new ReaderSlots(options.Value.ReaderLimit(), timeout == 0 ? Timeout.InfiniteTimeSpan : TimeSpan.FromSeconds(timeout), Target);
    }

    /// <summary>Host, port, database and user of the connection string, never its password: what errors may show.</summary>
    public string Target { get; }

    /// <summary>The bound on readers (blob streams, usage and client-log days) open at once on this instance's pool (<see cref="ReaderSlots"/>).</summary>
    public ReaderSlots Readers { get; }

    /// <summary>
    /// A connection for a reader that holds it while its client reads, taken under a slot of <see cref="Readers"/> (waited
    /// for first, so held readers never take the pool from the other stores); the slot is free again when opening fails.
    /// The caller disposes it: connection back to the pool, then the slot.
    /// </summary>
    public async ValueTask<ReaderConnection> OpenReaderAsync(CancellationToken cancellationToken)
    {
        var slot = await Readers.EnterAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return new ReaderConnection(await OpenAsync(cancellationToken).ConfigureAwait(false), slot);
        }
        catch
        {
            slot.Dispose();
            throw;
        }
    }

    /// <summary>A connection to a database whose schema is current; the caller disposes it (back to the pool).</summary>
    public async ValueTask<NpgsqlConnection> OpenAsync(CancellationToken cancellationToken)
    {
        await EnsureSchemaAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException && !cancellationToken.IsCancellationRequested)
        {
            // Unreachable, or reachable but refusing (the database dropped, the role's login revoked): either way this
            // instance cannot use it now; the routes answer 503 and the log names the server, never the password.
            throw new PostgreSqlUnavailableException($"PostgreSQL at {Target} (set by {PostgreSqlOptions.ConnectionStringKey}) could not be reached: {ex.Message}", ex);
        }
    }

    /// <summary>A connection of the lock pool, for a session advisory lock held as long as the connection.</summary>
    public async ValueTask<NpgsqlConnection> OpenLockConnectionAsync(CancellationToken cancellationToken)
    {
        await EnsureSchemaAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await _lockSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException && !cancellationToken.IsCancellationRequested)
        {
            // Unreachable, or every lock connection stayed in use for the pool's Timeout: a 503 either way.
            throw new PostgreSqlUnavailableException(
                $"PostgreSQL at {Target} (set by {PostgreSqlOptions.ConnectionStringKey}) gave no lock connection ({PostgreSqlOptions.MaxLockConnectionsKey}): {ex.Message}", ex);
        }
    }

    /// <summary>Creates or upgrades the schema unless this process already did.</summary>
    /// <exception cref="PostgreSqlUnavailableException">The database cannot be reached or refused the migration.</exception>
    public async ValueTask EnsureSchemaAsync(CancellationToken cancellationToken)
    {
        if (_ready)
        {
            return;
        }

        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_ready)
            {
                return;
            }

            try
            {
                var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
                await using (connection.ConfigureAwait(false))
                {
                    await _migrator.MigrateAsync(connection, cancellationToken).ConfigureAwait(false);
                }
            }
            catch (Exception ex) when (ex is NpgsqlException or TimeoutException && !cancellationToken.IsCancellationRequested)
            {
                throw new PostgreSqlUnavailableException(
                    $"PostgreSQL at {Target} (set by {PostgreSqlOptions.ConnectionStringKey}) could not be reached or its schema could not be created: {ex.Message}", ex);
            }

            _ready = true;
        }
        finally
        {
            _gate.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        _gate.Dispose();
        await _lockSource.DisposeAsync().ConfigureAwait(false);
        await _dataSource.DisposeAsync().ConfigureAwait(false);
    }

    public void Dispose()
    {
        _gate.Dispose();
        _lockSource.Dispose();
        _dataSource.Dispose();
    }

    private static string Describe(string connectionString)
    {
        try
        {
            var parts = new NpgsqlConnectionStringBuilder(connectionString);
            return $"Host={parts.Host};Port={parts.Port};Database={parts.Database};Username={parts.Username}";
        }
        catch (ArgumentException)
        {
            // Npgsql's message names what it took for a keyword, which is the password itself when a URL or a password
            // holding an unquoted ';' was given; so neither that message nor its exception goes into this one.
            var hint = connectionString.Contains("://", StringComparison.Ordinal)
                ? " (keyword=value pairs such as Host=...;Username=...;Password=...; a URL such as postgres://user:password@host/db is not accepted)"
                : " (keyword=value pairs separated by ';'; a value holding ';' or '=' must be quoted)";
            throw new InvalidOperationException($"{PostgreSqlOptions.ConnectionStringKey} is not a valid Npgsql connection string{hint}.");
        }
    }
}
