using System.ComponentModel.DataAnnotations;
using Npgsql;

namespace G4F.Backend.PostgreSql;

/// <summary>Where the backend's stores live when they live in PostgreSQL: the <c>G4F:PostgreSql</c> section.</summary>
public sealed class PostgreSqlOptions : IValidatableObject
{
    /// <summary>The configuration key of <see cref="ConnectionString"/>, as start-up errors name it.</summary>
    public const string ConnectionStringKey = "G4F:PostgreSql:ConnectionString";

    /// <summary>The configuration key of <see cref="MaxOpenReaders"/>, as start-up and busy errors name it.</summary>
    public const string MaxOpenReadersKey = "G4F:PostgreSql:MaxOpenReaders";

    /// <summary>The configuration key of <see cref="MaxLockConnections"/>, as start-up and busy errors name it.</summary>
    public const string MaxLockConnectionsKey = "G4F:PostgreSql:MaxLockConnections";

    /// <summary>The default of <see cref="MaxLockConnections"/>.</summary>
    public const int DefaultMaxLockConnections = 10;

    /// <summary>
    /// An Npgsql connection string in keyword form, for example
    /// <c>Host=db;Port=5432;Database=g4f;Username=g4f;Password=...</c>. The role needs no superuser and no CREATEDB:
    /// owning its database is enough, the schema is created and upgraded at start.
    /// </summary>
    [Required(AllowEmptyStrings = false, ErrorMessage = "G4F:PostgreSql:ConnectionString must not be empty.")]
    public string ConnectionString { get; set; } = "";

    /// <summary>
    /// How many streams read from the database one instance may have open at once: stored files (media, bucket files)
    /// and the days of <c>/usage</c> and the client log. An open stream holds a pooled connection until it is closed (a
    /// download holds it for as long as the client takes), so this must stay
    /// below the connection string's <c>Maximum Pool Size</c>: the rest of the pool is left to every other store. Unset,
    /// half the pool (at least 1). A reader beyond the bound waits, as long as the connection string's <c>Timeout</c>,
    /// for one to close, and then fails as an unavailable database does (the routes answer 503).
    /// </summary>
    public int? MaxOpenReaders { get; set; }

    /// <summary>
    /// How many connections one instance opens at most for locks held across instances (session advisory locks, each on
    /// a connection of its own, in a pool apart from the connection string's <c>Maximum Pool Size</c>), default
    /// <see cref="DefaultMaxLockConnections"/>. Writers of one resource (a bucket, the cookies, a day of usage) queue in
    /// the process and take one connection between them; beyond the bound a writer waits, as long as the connection
    /// string's <c>Timeout</c>, for a lock connection, then fails as an unavailable database does (the routes answer 503).
    /// An instance opens at most <c>Maximum Pool Size</c> plus this many connections.
    /// </summary>
    public int MaxLockConnections { get; set; } = DefaultMaxLockConnections;

    /// <summary>Checks <see cref="MaxOpenReaders"/> (run by the generated validator at start).</summary>
    /// <param name="validationContext">The validation context.</param>
    /// <returns>What is wrong, each naming the configuration key.</returns>
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        // Here, not with [Range]: the validator generator replaces that attribute with a copy that drops its
        // ErrorMessage, and the message must name the key.
        if (MaxOpenReaders < 1)
        {
            yield return new ValidationResult($"{MaxOpenReadersKey} must be at least 1.", [nameof(MaxOpenReaders)]);
        }

        if (MaxLockConnections < 1)
        {
            yield return new ValidationResult($"{MaxLockConnectionsKey} must be at least 1.", [nameof(MaxLockConnections)]);
        }

        // A malformed connection string is reported by the database itself, naming its key; nothing to compare here.
        if (MaxOpenReaders is { } readers && PoolSizeOf(ConnectionString) is { } pool && readers >= pool)
        {
            yield return new ValidationResult(
                $"{MaxOpenReadersKey} ({readers}) must be less than the connection string's Maximum Pool Size ({pool}): open readers would leave no connection to the other stores.",
                [nameof(MaxOpenReaders)]);
        }
    }

    /// <summary>The bound in force: <see cref="MaxOpenReaders"/>, else half the pool (at least 1).</summary>
    internal int ReaderLimit() =>
        MaxOpenReaders ?? Math.Max(1, (PoolSizeOf(ConnectionString) ?? new NpgsqlConnectionStringBuilder().MaxPoolSize) / 2);

    private static int? PoolSizeOf(string connectionString)
    {
        try
        {
            return new NpgsqlConnectionStringBuilder(connectionString).MaxPoolSize;
        }
        catch (ArgumentException)
        {
            return null;
        }
    }
}
