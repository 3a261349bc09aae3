using G4F.Backend.AspNetCore;
using G4F.Backend.AspNetCore.Buckets;
using G4F.Backend.AspNetCore.Catalog;
using G4F.Backend.AspNetCore.Conversations;
using G4F.Backend.AspNetCore.Credentials;
using G4F.Backend.AspNetCore.Extras;
using G4F.Backend.AspNetCore.Http;
using G4F.Backend.AspNetCore.Media;
using G4F.Backend.AspNetCore.Memory;
using G4F.Backend.AspNetCore.OpenApi;
using G4F.Backend.AspNetCore.QuickAnswers;
using G4F.Backend.AspNetCore.Sharing;
using G4F.Backend.AspNetCore.Speech;
using G4F.Backend.AspNetCore.Usage;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
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
        var group = BackendMount.Group(endpoints, prefix, nameof(MapG4FBackend));
        OpenApiDescriptions.Describe(group);
        OpenApiRequestBodies.Describe(group, OpenApiRequestBodies.Backend);
        BucketMediaEndpoints.Map(group);
        MediaEndpoints.Map(group);
        MediaSearchEndpoints.Map(group);
        var api = group.MapGroup(MountPath.BackendApi);
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
