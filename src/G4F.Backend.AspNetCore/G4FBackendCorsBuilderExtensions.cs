using G4F.Backend.AspNetCore;
using G4F.Backend.AspNetCore.Cors;
using G4F.Backend.FrontDoors;
using Microsoft.AspNetCore.Cors.Infrastructure;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Adds the backend's CORS policy, built from <c>G4F:Cors</c>.</summary>
public static class G4FBackendCorsBuilderExtensions
{
    /// <summary>
    /// Registers the CORS policy that <c>MapG4FBackend</c> applies to its routes: the origins of
    /// <c>G4F:Cors:AllowedOrigins</c> (<c>*</c> = any origin, answered <c>*</c> and never with credentials), loopback
    /// origins with <c>G4F:Cors:AllowLoopbackOrigins</c>, any method, any request header, credentials only with
    /// <c>G4F:Cors:AllowCredentials</c> for named origins; an allowed origin's private-network preflight is answered.
    /// The host still calls <c>app.UseCors()</c>.
    /// </summary>
    /// <param name="builder">The backend builder.</param>
    /// <returns>The builder.</returns>
    public static IG4FBackendBuilder AddCorsPolicy(this IG4FBackendBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddCors();
        builder.Services.TryAddTransient<CorsService>();
        if (builder.Services.LastOrDefault(d => d.ServiceType == typeof(ICorsService)) is { ImplementationType: { } type } && type == typeof(CorsService))
        {
            // Only the framework's own service is wrapped: a host's replacement is left as it is.
            builder.Services.Replace(ServiceDescriptor.Transient<ICorsService, PrivateNetworkCorsService>());
        }

        builder.Services.AddOptions<CorsOptions>().Configure<IOptions<CorsSettings>>((cors, settings) =>
            cors.AddPolicy(G4FBackendCors.PolicyName, policy => Build(policy, settings.Value)));
        return builder;
    }

    private static void Build(CorsPolicyBuilder policy, CorsSettings settings)
    {
        var origins = settings.AllowedOrigins.Where(o => !string.IsNullOrWhiteSpace(o)).Select(o => o.Trim()).ToArray();
        policy.AllowAnyMethod().AllowAnyHeader().WithExposedHeaders(G4FBackendCors.ExposedHeaders);
        if (origins.Contains("*"))
        {
            // Any origin is answered "*", which browsers never combine with credentials, whatever the configuration says.
            policy.AllowAnyOrigin();
            return;
        }

        var matcher = new CorsOriginMatcher(origins, settings.AllowLoopbackOrigins);
        policy.SetIsOriginAllowed(matcher.IsAllowed);
        if (settings.AllowCredentials && !settings.AllowLoopbackOrigins)
        {
            policy.AllowCredentials();
        }
    }
}
