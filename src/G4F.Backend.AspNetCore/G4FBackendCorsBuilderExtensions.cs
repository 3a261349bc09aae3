using G4F.Backend;
using G4F.Backend.AspNetCore;
using Microsoft.AspNetCore.Cors.Infrastructure;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Adds the backend's CORS policy, built from <c>G4F:Cors:AllowedOrigins</c>.</summary>
public static class G4FBackendCorsBuilderExtensions
{
    /// <summary>
    /// Registers the CORS policy that <c>MapG4FBackend</c> applies to its routes: the configured
    /// origins (<c>*</c> = any origin, with credentials, as the original's deployment allows), any
    /// method, any request header. The host still calls <c>app.UseCors()</c>.
    /// </summary>
    /// <param name="builder">The backend builder.</param>
    /// <returns>The builder.</returns>
    public static IG4FBackendBuilder AddCorsPolicy(this IG4FBackendBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddCors();
        builder.Services.AddOptions<CorsOptions>().Configure<IOptions<G4FBackendOptions>>((cors, backend) =>
            cors.AddPolicy(G4FBackendCors.PolicyName, policy =>
            {
                var origins = backend.Value.Cors.AllowedOrigins.Where(o => !string.IsNullOrWhiteSpace(o)).ToArray();
                if (origins.Contains("*"))
                {
                    policy.SetIsOriginAllowed(_ => true);
                }
                else
                {
                    policy.WithOrigins(origins);
                }

                policy.AllowAnyMethod().AllowAnyHeader().AllowCredentials().WithExposedHeaders(G4FBackendCors.ExposedHeaders);
            }));
        return builder;
    }
}
