using G4F.Backend.AspNetCore;
using G4F.Backend.AspNetCore.Buckets;
using G4F.Backend.AspNetCore.Catalog;
using G4F.Backend.AspNetCore.Conversations;
using G4F.Backend.AspNetCore.Credentials;
using G4F.Backend.AspNetCore.Extras;
using G4F.Backend.AspNetCore.Http;
using G4F.Backend.AspNetCore.Identity;
using G4F.Backend.AspNetCore.Media;
using G4F.Backend.AspNetCore.Memory;
using G4F.Backend.AspNetCore.OpenApi;
using G4F.Backend.AspNetCore.QuickAnswers;
using G4F.Backend.AspNetCore.Sharing;
using G4F.Backend.AspNetCore.Speech;
using G4F.Backend.AspNetCore.Usage;
using G4F.Backend.Conversations;
using Microsoft.AspNetCore.Cors.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Mounts the GPT4Free web-GUI backend API.</summary>
public static class G4FBackendEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Maps every route of the protocol (<c>/backend-api/v2/...</c>) under <paramref name="prefix"/>.
    /// When the host added the backend's CORS policy (<c>AddCorsPolicy</c>) the routes require it. Throws
    /// <see cref="OptionsValidationException"/> naming every invalid configuration key.
    /// </summary>
    /// <param name="endpoints">The application or a route group.</param>
    /// <param name="prefix">A path prefix such as <c>/g4f</c>; empty mounts at the root.</param>
    /// <returns>The route group, for <c>RequireAuthorization</c>, <c>RequireCors</c> or rate limiting.</returns>
    public static RouteGroupBuilder MapG4FBackend(this IEndpointRouteBuilder endpoints, string prefix = "")
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        if (endpoints.ServiceProvider.GetService<ConversationService>() is null)
        {
            throw new InvalidOperationException("Call services.AddG4FBackend(...) before MapG4FBackend().");
        }

        // Every options section is checked here, where the backend is mounted, as well as when the host starts: a bad
        // value stops the application at this line with the keys named, before anything listens.
        endpoints.ServiceProvider.GetService<IStartupValidator>()?.Validate();

        if (endpoints.ServiceProvider.GetService<AdministratorRule>() is not null)
        {
            switch (endpoints.ServiceProvider.GetService<ICallerIdentityProvider>())
            {
                case null:
                    // Administrators of what? Without an identity every route is open, which the host surely did not mean.
                    throw new InvalidOperationException("UseAdministrators(...) needs UseCallerIdentity(...).");
                case not DelegateCallerIdentityProvider:
                    // The rule would be silently ignored: a host's provider names administrators itself.
                    throw new InvalidOperationException(
                        "UseAdministrators(...) applies only to UseCallerIdentity(...); a registered ICallerIdentityProvider says who administers through CallerIdentity.IsAdministrator.");
            }
        }

        var group = endpoints.MapGroup(prefix ?? string.Empty);
        OpenApiDescriptions.Describe(group, prefix ?? string.Empty);
        group.AddEndpointFilter<UnhandledExceptionFilter>();
        if (endpoints.ServiceProvider.GetService<IOptions<CorsOptions>>()?.Value.GetPolicy(G4FBackendCors.PolicyName) is not null)
        {
            group.RequireCors(G4FBackendCors.PolicyName);
        }

        BucketMediaEndpoints.Map(group);
        MediaEndpoints.Map(group);
        MediaSearchEndpoints.Map(group);
        var api = group.MapGroup("/backend-api/v2");
        CatalogEndpoints.Map(api);
        ConversationEndpoints.Map(api);
        QuickAnswerEndpoints.Map(api);
        ChatShareEndpoints.Map(api);
        BucketEndpoints.Map(api);
        UsageEndpoints.Map(api);
        MemoryEndpoints.Map(api);
        SpeechEndpoints.Map(api);
        ProviderExtrasEndpoints.Map(group, api);
        CookieUploadEndpoint.Map(api);
        api.MapFallback((HttpContext context) => ErrorResults.NotFound($"No route {context.Request.Method} {context.Request.Path}"));
        return group;
    }
}
