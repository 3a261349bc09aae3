using G4F.Backend.Diagnostics;
using G4F.Backend.PostgreSql;
using G4F.Backend.PostgreSql.Buckets;
using G4F.Backend.PostgreSql.Caching;
using G4F.Backend.PostgreSql.Credentials;
using G4F.Backend.PostgreSql.Guarded;
using G4F.Backend.PostgreSql.Health;
using G4F.Backend.PostgreSql.Media;
using G4F.Backend.PostgreSql.Memory;
using G4F.Backend.PostgreSql.Schema;
using G4F.Backend.PostgreSql.Sharing;
using G4F.Backend.PostgreSql.Storage;
using G4F.Backend.PostgreSql.Usage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>
/// The step that moves the backend's stores into PostgreSQL, so several instances on one database are one backend:
/// the cross-instance lock, usage lines and client logs (with <c>/usage/{date}</c> and <c>/stats</c>), uploaded cookie files,
/// the <c>/create</c> and search caches, memory (searched with a GIN index), buckets with their owners and shared chats,
/// and media (blobs streamed in 256 KiB chunks). Uploads being received and conversions in progress stay in the data
/// directory's staging folder. The schema is created and upgraded when the host starts; an unreachable database stops the start.
/// </summary>
public static class G4FBackendPostgreSqlBuilderExtensions
{
    /// <summary>Keeps the stores in the PostgreSQL database of <paramref name="connectionString"/>.</summary>
    /// <param name="builder">The backend builder.</param>
    /// <param name="connectionString">An Npgsql connection string in keyword form (see <see cref="PostgreSqlOptions.ConnectionString"/>).</param>
    /// <returns>The builder.</returns>
    public static IG4FBackendBuilder UsePostgreSql(this IG4FBackendBuilder builder, string connectionString)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        return builder.UsePostgreSql(options => options.ConnectionString = connectionString);
    }

    /// <summary>
    /// Keeps the stores in PostgreSQL as the configuration section <paramref name="section"/> says (usually
    /// <c>G4F:PostgreSql</c>, whose <c>ConnectionString</c> is required and checked at start).
    /// </summary>
    /// <param name="builder">The backend builder.</param>
    /// <param name="section">The section to bind to <see cref="PostgreSqlOptions"/>.</param>
    /// <returns>The builder.</returns>
    public static IG4FBackendBuilder UsePostgreSql(this IG4FBackendBuilder builder, IConfiguration section)
    {
        ArgumentNullException.ThrowIfNull(section);
        return builder.UsePostgreSql(options => section.Bind(options));
    }

    /// <summary>
    /// Keeps the stores in PostgreSQL when <paramref name="configuration"/> (the host's root configuration) sets
    /// <c>G4F:PostgreSql:ConnectionString</c>; otherwise changes nothing and the embedded stores stay. This is how the
    /// sample switches with configuration alone (<c>G4F__PostgreSql__ConnectionString</c> in the environment).
    /// </summary>
    /// <param name="builder">The backend builder.</param>
    /// <param name="configuration">The root configuration.</param>
    /// <returns>The builder.</returns>
    public static IG4FBackendBuilder UsePostgreSqlWhenConfigured(this IG4FBackendBuilder builder, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configuration);
        var section = configuration.GetSection("G4F:PostgreSql");
        return string.IsNullOrWhiteSpace(section["ConnectionString"]) ? builder : builder.UsePostgreSql(section);
    }

    private static IG4FBackendBuilder UsePostgreSql(this IG4FBackendBuilder builder, Action<PostgreSqlOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddOptions<PostgreSqlOptions>().Configure(configure).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<PostgreSqlOptions>, PostgreSqlOptionsValidator>());
        services.TryAddSingleton<PostgreSqlDatabase>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, SchemaStartup>());
        if (!services.Any(d => d.ServiceType == typeof(PostgreSqlHealthCheck)))
        {
            // Readiness follows the database: an instance that cannot reach it answers 503 on every stored route.
            services.AddSingleton<PostgreSqlHealthCheck>();
            services.AddHealthChecks().AddCheck<PostgreSqlHealthCheck>(PostgreSqlHealthCheck.Name, HealthStatus.Unhealthy, [G4FHealthChecks.ReadyTag], TimeSpan.FromSeconds(10));
        }

        // Buckets, media and chat shares move together: a share id is a bucket id, the two share their owner records and
        // deleting a bucket deletes its share, so one of them in PostgreSQL and the other on disk would disagree.
        // Each store behind its guard (Guarded/), which turns a statement the server cannot serve now (statement_timeout,
        // a read-only standby after a failover, a shutdown) into PostgreSqlUnavailableException: a 503, not a 500.
        services.TryAddSingleton<PostgreSqlStorageLock>();
        services.TryAddSingleton<PostgreSqlCookieFileStore>();
        services.TryAddSingleton<PostgreSqlCacheStore>();
        services.TryAddSingleton<PostgreSqlUsageLog>();
        services.TryAddSingleton<PostgreSqlMemoryStore>();
        services.TryAddSingleton<PostgreSqlBucketStore>();
        services.TryAddSingleton<PostgreSqlMediaStore>();
        services.TryAddSingleton<PostgreSqlChatShareStore>();
        builder.UseStorageLock<GuardedStorageLock>()
            .UseCookieFileStore<GuardedCookieFileStore>()
            .UseCacheStore<GuardedCacheStore>()
            .UseUsageLog<GuardedUsageLog>()
            .UseMemoryStore<GuardedMemoryStore>()
            .UseBucketStore<GuardedBucketStore>()
            .UseMediaStore<GuardedMediaStore>()
            .UseChatShareStore<GuardedChatShareStore>();
        return builder;
    }
}
