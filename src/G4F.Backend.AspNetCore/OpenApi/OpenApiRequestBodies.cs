using G4F.Backend.AspNetCore.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.OpenApi;

namespace G4F.Backend.AspNetCore.OpenApi;

/// <summary>
/// The request bodies of the routes, one table keyed by method and route (relative to the mount), added to the
/// OpenAPI document by an operation transformer of the route group. Not as <c>Accepts</c> metadata: routing reads that
/// too, and would turn a body of another content type (the protocol's 415 in the JSON envelope) into the API's 404.
/// A new route with a body adds a row.
/// </summary>
internal static class OpenApiRequestBodies
{
    /// <summary>The routes of <c>MapG4FBackend</c>.</summary>
    public static readonly IReadOnlyDictionary<string, Func<OpenApiRequestBody>> Backend = new Dictionary<string, Func<OpenApiRequestBody>>(StringComparer.Ordinal)
    {
        ["POST /backend-api/v2/conversation"] = RequestSchemas.Conversation,
        ["POST /backend-api/v2/files/{bucketId}"] = RequestSchemas.BucketUpload,
        ["POST /backend-api/v2/chat/{shareId}"] = RequestSchemas.SharedChat,
        ["POST /backend-api/v2/usage"] = RequestSchemas.UsageLine,
        ["POST /backend-api/v2/log"] = RequestSchemas.LogLine,
        ["POST /backend-api/v2/memory/{user_id}"] = RequestSchemas.Memory,
        ["POST /backend-api/v2/upload_cookies"] = RequestSchemas.Cookies,
    };

    /// <summary>The routes of <c>MapG4FOpenAI</c>.</summary>
    public static readonly IReadOnlyDictionary<string, Func<OpenApiRequestBody>> OpenAI = new Dictionary<string, Func<OpenApiRequestBody>>(StringComparer.Ordinal)
    {
        ["POST /chat/completions"] = RequestSchemas.ChatCompletions,
        ["POST /audio/speech"] = RequestSchemas.Speech,
        ["POST /images/generations"] = RequestSchemas.ImageGenerations,
    };

    /// <summary>Describes the request bodies of <paramref name="table"/>'s routes in <paramref name="group"/>.</summary>
    public static void Describe(RouteGroupBuilder group, IReadOnlyDictionary<string, Func<OpenApiRequestBody>> table)
    {
        group.AddOpenApiOperationTransformer((operation, context, _) =>
        {
            // A route mapped as the empty path of a nested group has a trailing slash here.
            var path = "/" + context.Description.RelativePath?.TrimEnd('/');
            var relative = context.Description.ActionDescriptor.EndpointMetadata.OfType<MountMetadata>().LastOrDefault() is { } mount
                ? MountPath.BelowMount(path, mount)
                : path;
            if (table.TryGetValue($"{context.Description.HttpMethod} {relative}", out var body))
            {
                operation.RequestBody = body();
            }

            return Task.CompletedTask;
        });
    }
}
