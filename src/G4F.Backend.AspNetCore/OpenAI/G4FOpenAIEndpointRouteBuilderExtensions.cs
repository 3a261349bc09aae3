using G4F.Backend.AspNetCore;
using G4F.Backend.AspNetCore.OpenAI;
using G4F.Backend.AspNetCore.OpenApi;
using G4F.Backend.FrontDoors;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Mounts the OpenAI-compatible API of the backend.</summary>
public static class G4FOpenAIEndpointRouteBuilderExtensions
{
    // The first path segments of OpenAI's API (and g4f's additions under /v1).
    private static readonly string[] OpenAIResources =
    [
        "models", "chat", "completions", "embeddings", "images", "audio", "moderations", "files", "uploads", "batches",
        "fine_tuning", "fine-tunes", "assistants", "threads", "vector_stores", "responses", "realtime", "organization",
        "evals", "containers", "conversations", "videos", "providers",
    ];

    /// <summary>
    /// Maps <c>GET {prefix}/models</c>, <c>GET {prefix}/models/{id}</c>, <c>POST {prefix}/chat/completions</c>,
    /// <c>POST {prefix}/images/generations</c> and <c>POST {prefix}/audio/speech</c> in OpenAI's dialect, over the same
    /// router, fallback and usage log as <c>MapG4FBackend()</c>. The body field <c>provider</c> chooses the provider (never
    /// sent upstream); without it the model is routed. Errors use OpenAI's shape
    /// <c>{"error":{"message","type","param","code"}}</c>; every other path under the prefix is a 404 in that shape.
    /// When the host added the backend's CORS policy the routes require it. With <c>G4F:OpenAI:ApiKeys</c> every route
    /// requires one of those keys as bearer token (401 otherwise); without, a bearer token is the caller's key for
    /// providers that have no configured key. An unexpected failure is a 500 in OpenAI's shape.
    /// </summary>
    /// <param name="endpoints">The application or a route group.</param>
    /// <param name="prefix">The path prefix, <c>/v1</c> by default (what OpenAI SDKs append their paths to).</param>
    /// <returns>The route group, for <c>RequireAuthorization</c>, <c>RequireCors</c> or rate limiting.</returns>
    public static RouteGroupBuilder MapG4FOpenAI(this IEndpointRouteBuilder endpoints, string prefix = "/v1")
    {
        var group = BackendMount.Group(endpoints, prefix, nameof(MapG4FOpenAI));
        OpenApiRequestBodies.Describe(group, OpenApiRequestBodies.OpenAI);
        OpenAIResponseStatuses.Describe(group);
        EndpointNames.KeepUniquePerMount(group, "/v1");
        // One instance made here, not AddEndpointFilter<T>(): see BackendMount.Group (no System.Linq.Expressions at start).
        var services = endpoints.ServiceProvider;
        group.AddEndpointFilter(new OpenAIGateFilter(
            services.GetRequiredService<IOptions<OpenAIFrontDoorOptions>>(), services.GetRequiredService<ILogger<OpenAIGateFilter>>()));
        ModelEndpoints.Map(group);
        ChatCompletionEndpoints.Map(group);
        SpeechEndpoints.Map(group);
        ImageGenerationEndpoints.Map(group);

        // Every unmatched path under the door answers in OpenAI's shape, a last segment with a dot (gpt-4.1, x.json)
        // included: MapFallback's default pattern ({*path:nonfile}) skips those, which left them a bare 404. Mapped as
        // MapFallback maps it (any method, last in order): the request delegate generator drops the pattern of
        // MapFallback(pattern, handler) (dotnet/aspnetcore#65992), and the handler must stay a route handler so that the
        // door's key check (an endpoint filter) applies to it. At the root the door shares the path space with the host,
        // whose own fallback (an SPA's MapFallbackToFile) would tie with a root catch-all and fail every unmatched request
        // as ambiguous: there the door answers only under OpenAI's own resource names and leaves every other path to the host.
        if (string.IsNullOrEmpty(prefix?.Trim('/')))
        {
            foreach (var resource in OpenAIResources)
            {
                MapNotFound(group, "/" + resource + "/{**path}");
            }
        }
        else
        {
            MapNotFound(group, "{**path}");
        }

        return group;
    }

    private static void MapNotFound(RouteGroupBuilder group, string pattern) =>
        group.Map(pattern, (HttpContext context) =>
            new OpenAIFailure(StatusCodes.Status404NotFound, $"No route {context.Request.Method} {context.Request.Path}", "invalid_request_error", "not_found").ToResult())
            .WithOrder(int.MaxValue)
            .WithDisplayName("Fallback " + pattern)
            .ExcludeFromDescription();
}
