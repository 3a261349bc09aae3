using G4F.Backend.PostgreSql.Schema;
using G4F.Backend.PostgreSql.Usage;
using G4F.Backend.Usage;

namespace G4F.Backend.PostgreSql.Guarded;

/// <summary><see cref="PostgreSqlUsageLog"/> whose errors of a server that cannot serve now are unavailability (<see cref="StatementFailures"/>).</summary>
internal sealed class GuardedUsageLog(PostgreSqlUsageLog inner, PostgreSqlDatabase database) : IUsageLog
{
    public Task AppendUsageAsync(UsageLine line, CancellationToken cancellationToken = default) =>
        StatementFailures.RunAsync(database, inner.AppendUsageAsync(line, cancellationToken));

    public Task AppendClientLogAsync(ClientLogLine line, CancellationToken cancellationToken = default) =>
        StatementFailures.RunAsync(database, inner.AppendClientLogAsync(line, cancellationToken));

    public Task<Stream?> OpenUsageDayAsync(DateOnly date, string? user = null, CancellationToken cancellationToken = default) =>
        StatementFailures.RunAsync(database, inner.OpenUsageDayAsync(date, user, cancellationToken));

    public Task<Stream?> OpenClientLogDayAsync(DateOnly date, CancellationToken cancellationToken = default) =>
        StatementFailures.RunAsync(database, inner.OpenClientLogDayAsync(date, cancellationToken));

    public Task<UsageStatistics> GetStatisticsAsync(int days, string? user = null, CancellationToken cancellationToken = default) =>
        StatementFailures.RunAsync(database, inner.GetStatisticsAsync(days, user, cancellationToken));
}
