using System.Text.Json.Nodes;
using G4F.Backend.AspNetCore.Buckets;
using G4F.Backend.AspNetCore.Catalog;
using G4F.Backend.AspNetCore.Http;
using G4F.Backend.AspNetCore.Memory;
using G4F.Backend.AspNetCore.Sharing;
using G4F.Backend.AspNetCore.Usage;
using G4F.Backend.Usage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;

namespace G4F.Backend.AspNetCore.OpenApi;

/// <summary>
/// Names, summaries, tags and answer types of every route for API descriptions (OpenAPI): one table keyed by method and
/// route, applied as a convention of the backend's route group, so the endpoint files stay about behaviour and a route
/// missing here is caught by the OpenAPI test.
/// </summary>
/// <remarks>
/// Request bodies are not declared here as <see cref="IAcceptsMetadata"/>: routing reads that too, and would then turn a
/// body of another content type (the protocol's 415 in the JSON envelope, or a body read as JSON without a content type)
/// into the API's 404 fallback. <see cref="OpenApiRequestBodies"/> adds them to the document instead.
/// </remarks>
internal static class OpenApiDescriptions
{
    private const string Json = "application/json";
    private const string Text = "text/plain";
    private const string EventStream = "text/event-stream";
    private const string Binary = "application/octet-stream";

    // The answers of a stored file served with range and validator processing (TypedResults.Stream): a range of it, not
    // modified, a failed precondition, a range outside it. Bodiless or empty, so described by status alone.
    private static readonly int[] FileAnswers = [206, 304, 412, 416];

    // Every route of the group answers an exception its handler did not expect with 500 (UnhandledExceptionFilter); a
    // store that cannot be reached is a 503 on the routes that reach one (listed per route).
    private const int Unexpected = StatusCodes.Status500InternalServerError;

    private static readonly Dictionary<string, Description> Table = new(StringComparer.Ordinal)
    {
        ["GET /backend-api/v2/models"] = new("GetModels", "Catalog", "Model ids of every provider", 200, typeof(Dictionary<string, IReadOnlyList<string>>), Json, []),
        ["GET /backend-api/v2/models/{provider}"] = new("GetProviderModels", "Catalog", "Models of one provider with their capabilities", 200, typeof(List<ModelEntry>), Json, [401]),
        ["GET /backend-api/v2/providers"] = new("GetProviders", "Catalog", "Every provider with its label, flags and routing count", 200, typeof(List<ProviderEntry>), Json, []),
        ["GET /backend-api/v2/version"] = new("GetVersion", "Catalog", "This backend's version and the latest published one", 200, typeof(VersionInfo), Json, []),
        ["POST /backend-api/v2/conversation"] = new("Converse", "Conversation", "One conversation turn as a stream of server-sent events", 200, null, EventStream, [400, 404, 413, 415, 503]),
        ["GET /backend-api/v2/create"] = new("CreateQuickAnswer", "Conversation", "A one-shot answer as plain text", 200, null, Text, [302, .. FileAnswers, 400, 401, 404, 429, 502, 503]),
        ["POST /backend-api/v2/files/{bucketId}"] = new("UploadToBucket", "Buckets", "Upload files (and downloads.json) into a bucket", 200, typeof(BucketUploadResponse), Json, [400, 401, 403, 413, 415, 503]),
        ["GET /backend-api/v2/files/{bucketId}"] = new("ReadBucket", "Buckets", "The bucket's documents converted to markdown", 200, null, Text, [400, 401, 403, 404, 503]),
        ["GET /backend-api/v2/files/{bucketId}/stream"] = new("StreamBucket", "Buckets", "Convert the bucket's documents, reporting progress as server-sent events", 200, null, EventStream, [400, 401, 403, 404, 503]),
        ["DELETE /backend-api/v2/files/{bucketId}"] = new("DeleteBucket", "Buckets", "Delete a bucket", 200, typeof(BucketMessage), Json, [400, 401, 403, 404, 503]),
        ["GET /files/{bucketId}/{kind}/{filename}"] = new("GetBucketMedia", "Media", "A media file or thumbnail of a bucket", 200, null, Binary, [.. FileAnswers, 400, 404, 503]),
        ["HEAD /files/{bucketId}/{kind}/{filename}"] = new("HeadBucketMedia", "Media", "Headers of a bucket's media file", 200, null, Binary, [.. FileAnswers, 400, 404, 503]),
        ["GET /media/{name}"] = new("GetMedia", "Media", "A generated media file", 200, null, Binary, [.. FileAnswers, 404, 503]),
        ["HEAD /media/{name}"] = new("HeadMedia", "Media", "Headers of a generated media file", 200, null, Binary, [.. FileAnswers, 404, 503]),
        ["GET /images/{name}"] = new("GetImage", "Media", "A generated image (older path of /media)", 200, null, Binary, [.. FileAnswers, 404, 503]),
        ["HEAD /images/{name}"] = new("HeadImage", "Media", "Headers of a generated image", 200, null, Binary, [.. FileAnswers, 404, 503]),
        ["GET /thumbnail/{name}"] = new("GetThumbnail", "Media", "The thumbnail of a generated image", 200, null, Binary, [.. FileAnswers, 404, 503]),
        ["HEAD /thumbnail/{name}"] = new("HeadThumbnail", "Media", "Headers of a thumbnail", 200, null, Binary, [.. FileAnswers, 404, 503]),
        ["GET /search/{search}"] = new("SearchMedia", "Media", "Redirect to the generated media file that best matches the words", 302, null, null, [400, 404, 503]),
        ["POST /backend-api/v2/chat/{shareId}"] = new("ShareChat", "Sharing", "Store a shared chat (a new version when updated)", 200, typeof(ShareIdResponse), Json, [400, 401, 403, 413, 415, 503]),
        ["GET /backend-api/v2/chat/{shareId}"] = new("GetSharedChat", "Sharing", "A shared chat", 200, typeof(JsonObject), Json, [304, 400, 404, 503]),
        ["POST /backend-api/v2/usage"] = new("RecordUsage", "Usage", "Record one usage line", 200, typeof(EmptyObject), Json, [400, 401, 403, 413, 415, 503]),
        ["GET /backend-api/v2/usage/{date}"] = new("GetUsage", "Usage", "The usage lines of one day (JSON lines)", 200, null, Text, [400, 401, 403, 404, 503]),
        ["GET /backend-api/v2/stats"] = new("GetUsageStatistics", "Usage", "Usage totals per day, provider and model", 200, typeof(UsageStatistics), Json, [401, 403, 503]),
        ["POST /backend-api/v2/log"] = new("RecordClientLog", "Usage", "Record one client log line", 200, typeof(EmptyObject), Json, [400, 413, 415, 503]),
        ["POST /backend-api/v2/memory/{user_id}"] = new("AddMemory", "Memory", "Add memory items for a user", 200, typeof(MemoryCount), Json, [400, 401, 403, 413, 415, 503]),
        ["GET /backend-api/v2/memory/{user_id}"] = new("GetMemory", "Memory", "Search or page a user's memory items", 200, typeof(MemoryList), Json, [400, 401, 403, 503]),
        ["DELETE /backend-api/v2/memory/{user_id}"] = new("DeleteMemory", "Memory", "Delete all of a user's memory items", 200, typeof(MemoryDeleted), Json, [400, 401, 403, 503]),
        ["DELETE /backend-api/v2/memory/{user_id}/{memory_id}"] = new("DeleteMemoryItem", "Memory", "Delete one memory item", 200, typeof(MemoryDeleted), Json, [400, 401, 403, 404, 503]),
        ["GET /backend-api/v2/synthesize/{provider}"] = new("Synthesize", "Speech", "Text to speech, streamed audio", 200, null, "audio/mpeg", [400, 401, 404, 429, 502]),
        ["POST /backend-api/v2/upload_cookies"] = new("UploadCookies", "Credentials", "Upload a cookie file (.json or .har)", 200, null, Text, [400, 413, 503]),
        ["GET /pa/providers"] = new("GetPaProviders", "Extras", "Provider list of the original's private endpoints (always empty)", 200, typeof(JsonArray), Json, []),

        // Not supported, as in the original without these features: never a 200.
        ["GET /backend-api/v2/quota/{provider}"] = new("GetQuota", "Extras", "A provider's quota (not supported: 500 naming the provider, 404 for an unknown one)", null, null, null, [404]),
        ["GET /backend-api/v2/oauth/{provider}"] = new("GetOAuth", "Extras", "A provider's OAuth login (not supported: 404)", null, null, null, [404]),
        ["POST /backend-api/v2/oauth/{provider}"] = new("PostOAuth", "Extras", "A provider's OAuth login (not supported: 404)", null, null, null, [404]),
        ["GET /backend-api/v2/public-key"] = new("GetPublicKey", "Extras", "The original's request encryption key (not supported: 404)", null, null, null, [404]),
        ["POST /backend-api/v2/public-key"] = new("PostPublicKey", "Extras", "The original's request encryption key (not supported: 404)", null, null, null, [404]),
    };

    /// <summary>Adds the descriptions to every endpoint of <paramref name="group"/>.</summary>
    public static void Describe(RouteGroupBuilder group)
    {
        ((IEndpointConventionBuilder)group).Add(builder =>
        {
            if (builder is not RouteEndpointBuilder route
                || builder.Metadata.OfType<HttpMethodMetadata>().FirstOrDefault() is not { } methods
                || builder.Metadata.OfType<IExcludeFromDescriptionMetadata>().Any(m => m.ExcludeFromDescription)
                || builder.Metadata.OfType<MountMetadata>().LastOrDefault() is not { } mount)
            {
                return;
            }

            var relative = MountPath.BelowMount(PathOf(route.RoutePattern), mount);
            var first = true;
            foreach (var method in methods.HttpMethods)
            {
                if (Table.TryGetValue($"{method} {relative}", out var description))
                {
                    description.AddTo(builder.Metadata, EndpointNames.PrefixOf(mount), nameAndTags: first);
                    first = false;
                }
            }
        });
    }

    private static string PathOf(RoutePattern pattern) =>
        "/" + string.Join('/', pattern.PathSegments.Select(segment => string.Concat(segment.Parts.Select(part => part switch
        {
            RoutePatternLiteralPart literal => literal.Content,
            RoutePatternParameterPart parameter => "{" + parameter.Name + "}",
            RoutePatternSeparatorPart separator => separator.Content,
            _ => string.Empty,
        }))));

    /// <summary>The description of one route and method.</summary>
    /// <param name="Name">The endpoint name below the mount's prefix (<see cref="EndpointNames"/>), also the operation id.</param>
    /// <param name="Tag">The OpenAPI tag.</param>
    /// <param name="Summary">The OpenAPI summary.</param>
    /// <param name="Success">The success status (200, or 302 for a redirect); null for a route that never succeeds.</param>
    /// <param name="Answer">The success answer's type; null for text, event streams and files (by <paramref name="AnswerType"/>).</param>
    /// <param name="AnswerType">The success answer's content type; null without a body.</param>
    /// <param name="Errors">
    /// What else the route answers, from its handler and the Core service it calls: errors in the JSON envelope, and the
    /// bodiless statuses of file answers (206, 304, 412, 416) and redirects (302). 500 is added to every route.
    /// </param>
    private sealed record Description(string Name, string Tag, string Summary, int? Success, Type? Answer, string? AnswerType, int[] Errors)
    {
        public void AddTo(IList<object> metadata, string namePrefix, bool nameAndTags)
        {
            if (nameAndTags)
            {
                var name = $"{namePrefix}_{Name}";
                metadata.Add(new EndpointNameMetadata(name));
                metadata.Add(new RouteNameMetadata(name));
                metadata.Add(new TagsAttribute(Tag));
                metadata.Add(new EndpointSummaryAttribute(Summary));
            }

            if (Success is { } success)
            {
                // Text and event streams are strings on the wire, media files bytes.
                var type = AnswerType is null ? typeof(void) : Answer ?? (AnswerType.StartsWith("text/", StringComparison.Ordinal) ? typeof(string) : typeof(Stream));
                metadata.Add(AnswerType is null ? new ProducesResponseTypeMetadata(success, type) : new ProducesResponseTypeMetadata(success, type, [AnswerType]));
            }

            foreach (var status in Errors.Append(Unexpected))
            {
                metadata.Add(status < 400 || FileAnswers.Contains(status)
                    ? new ProducesResponseTypeMetadata(status, typeof(void))
                    : new ProducesResponseTypeMetadata(status, typeof(ErrorEnvelope), [Json]));
            }
        }
    }
}
