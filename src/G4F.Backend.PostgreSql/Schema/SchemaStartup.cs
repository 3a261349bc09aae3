using Microsoft.Extensions.Hosting;

namespace G4F.Backend.PostgreSql.Schema;

/// <summary>
/// Creates or upgrades the schema while the host starts, so an unreachable database stops the start with an error
/// naming <c>G4F:PostgreSql:ConnectionString</c> instead of failing the first request.
/// </summary>
internal sealed class SchemaStartup(PostgreSqlDatabase database) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => database.EnsureSchemaAsync(cancellationToken).AsTask();

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
