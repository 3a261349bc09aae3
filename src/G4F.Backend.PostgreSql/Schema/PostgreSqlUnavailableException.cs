using System.Data.Common;

namespace G4F.Backend.PostgreSql;

/// <summary>
/// The PostgreSQL database configured by <c>G4F:PostgreSql:ConnectionString</c> cannot be used: unreachable, refusing
/// the login, refusing the schema, or refusing a statement for now (<c>statement_timeout</c>, a read-only standby after a
/// failover, a shutdown). The message names the setting and the server (never the password). A transient
/// <see cref="DbException"/>: after start the backend's routes answer it with a 503 JSON error instead of a 500.
/// </summary>
public sealed class PostgreSqlUnavailableException : DbException
{
    /// <summary>Creates the exception.</summary>
    public PostgreSqlUnavailableException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">What failed, naming the setting.</param>
    public PostgreSqlUnavailableException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    /// <param name="message">What failed, naming the setting.</param>
    /// <param name="innerException">The Npgsql error.</param>
    public PostgreSqlUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Always true: the database may be back on the next attempt.</summary>
    public override bool IsTransient => true;
}
