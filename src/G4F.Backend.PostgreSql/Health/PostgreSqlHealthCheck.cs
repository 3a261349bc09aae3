using G4F.Backend.PostgreSql.Schema;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;

namespace G4F.Backend.PostgreSql.Health;

/// <summary>
/// Whether the stores' database answers: a connection from the stores' pool (schema current) and one round trip. The
/// data directory's check still runs beside it, for the staging folder uploads and conversions use on every instance.
/// The result names no server, database or role (a readiness endpoint may be public).
/// </summary>
internal sealed class PostgreSqlHealthCheck(PostgreSqlDatabase database) : IHealthCheck
{
    /// <summary>The check's name in health reports.</summary>
    public const string Name = "g4f-postgresql";

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using (connection.ConfigureAwait(false))
            {
                using var command = new NpgsqlCommand("SELECT 1", connection);
                await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
                return HealthCheckResult.Healthy("The stores' PostgreSQL database answers.");
            }
        }
        catch (Exception ex) when (ex is NpgsqlException or PostgreSqlUnavailableException or TimeoutException && !cancellationToken.IsCancellationRequested)
        {
            // The exception's message may name the server: only its type goes out (the stores log the details per request).
            return HealthCheckResult.Unhealthy($"The stores' PostgreSQL database cannot be reached ({ex.GetType().Name}).");
        }
    }
}
