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

    private static readonly Dictionary<string, Description> Table = new(StringComparer.Ordinal)
    {
        ["GET /backend-api/v2/models"] = new("GetModels", "Catalog", "Model ids of every provider", typeof(Dictionary<string, IReadOnlyList<string>>)),
        ["GET /backend-api/v2/models/{provider}"] = new("GetProviderModels", "Catalog", "Models of one provider with their capabilities", typeof(List<ModelEntry>)),
        ["GET /backend-api/v2/providers"] = new("GetProviders", "Catalog", "Every provider with its label, flags and routing count", typeof(List<ProviderEntry>)),
        ["GET /backend-api/v2/version"] = new("GetVersion", "Catalog", "This backend's version and the latest published one", typeof(VersionInfo)),
        ["POST /backend-api/v2/conversation"] = new("Converse", "Conversation", "One conversation turn as a stream of server-sent events", null, EventStream),
        ["GET /backend-api/v2/create"] = new("CreateQuickAnswer", "Conversation", "A one-shot answer as plain text", null, Text),
        ["POST /backend-api/v2/files/{bucketId}"] = new("UploadToBucket", "Buckets", "Upload files (and downloads.json) into a bucket", typeof(BucketUploadResponse)),
        ["GET /backend-api/v2/files/{bucketId}"] = new("ReadBucket", "Buckets", "The bucket's documents converted to markdown", null, Text),
        ["GET /backend-api/v2/files/{bucketId}/stream"] = new("StreamBucket", "Buckets", "Convert the bucket's documents, reporting progress as server-sent events", null, EventStream),
        ["DELETE /backend-api/v2/files/{bucketId}"] = new("DeleteBucket", "Buckets", "Delete a bucket", typeof(BucketMessage)),
        ["GET /files/{bucketId}/{kind}/{filename}"] = new("GetBucketMedia", "Media", "A media file or thumbnail of a bucket", null, "application/octet-stream"),
        ["HEAD /files/{bucketId}/{kind}/{filename}"] = new("HeadBucketMedia", "Media", "Headers of a bucket's media file", null, "application/octet-stream"),
        ["GET /media/{name}"] = new("GetMedia", "Media", "A generated media file", null, "application/octet-stream"),
        ["HEAD /media/{name}"] = new("HeadMedia", "Media", "Headers of a generated media file", null, "application/octet-stream"),
        ["GET /images/{name}"] = new("GetImage", "Media", "A generated image (older path of /media)", null, "application/octet-stream"),
        ["HEAD /images/{name}"] = new("HeadImage", "Media", "Headers of a generated image", null, "application/octet-stream"),
        ["GET /thumbnail/{name}"] = new("GetThumbnail", "Media", "The thumbnail of a generated image", null, "application/octet-stream"),
        ["HEAD /thumbnail/{name}"] = new("HeadThumbnail", "Media", "Headers of a thumbnail", null, "application/octet-stream"),
        ["GET /search/{search}"] = new("SearchMedia", "Media", "Redirect to the generated media file that best matches the words", null, null),
        ["POST /backend-api/v2/chat/{shareId}"] = new("ShareChat", "Sharing", "Store a shared chat (a new version when updated)", typeof(ShareIdResponse)),
        ["GET /backend-api/v2/chat/{shareId}"] = new("GetSharedChat", "Sharing", "A shared chat", typeof(JsonObject)),
        ["POST /backend-api/v2/usage"] = new("RecordUsage", "Usage", "Record one usage line", typeof(EmptyObject)),
        ["GET /backend-api/v2/usage/{date}"] = new("GetUsage", "Usage", "The usage lines of one day (JSON lines)", null, Text),
        ["GET /backend-api/v2/stats"] = new("GetUsageStatistics", "Usage", "Usage totals per day, provider and model", typeof(UsageStatistics)),
        ["POST /backend-api/v2/log"] = new("RecordClientLog", "Usage", "Record one client log line", typeof(EmptyObject)),
        ["POST /backend-api/v2/memory/{user_id}"] = new("AddMemory", "Memory", "Add memory items for a user", typeof(MemoryCount)),
        ["GET /backend-api/v2/memory/{user_id}"] = new("GetMemory", "Memory", "Search or page a user's memory items", typeof(MemoryList)),
        ["DELETE /backend-api/v2/memory/{user_id}"] = new("DeleteMemory", "Memory", "Delete all of a user's memory items", typeof(MemoryDeleted)),
        ["DELETE /backend-api/v2/memory/{user_id}/{memory_id}"] = new("DeleteMemoryItem", "Memory", "Delete one memory item", typeof(MemoryDeleted)),
        ["GET /backend-api/v2/synthesize/{provider}"] = new("Synthesize", "Speech", "Text to speech, streamed audio", null, "audio/mpeg"),
        ["POST /backend-api/v2/upload_cookies"] = new("UploadCookies", "Credentials", "Upload a cookie file (.json or .har)", null, Text),
        ["GET /pa/providers"] = new("GetPaProviders", "Extras", "Provider list of the original's private endpoints (always empty)", typeof(JsonArray)),
        ["GET /backend-api/v2/quota/{provider}"] = new("GetQuota", "Extras", "A provider's quota (not supported: an error naming the provider)", typeof(ErrorEnvelope)),
        ["GET /backend-api/v2/oauth/{provider}"] = new("GetOAuth", "Extras", "A provider's OAuth login (not supported)", typeof(ErrorEnvelope)),
        ["POST /backend-api/v2/oauth/{provider}"] = new("PostOAuth", "Extras", "A provider's OAuth login (not supported)", typeof(ErrorEnvelope)),
        ["GET /backend-api/v2/public-key"] = new("GetPublicKey", "Extras", "The original's request encryption key (not supported)", typeof(ErrorEnvelope)),
        ["POST /backend-api/v2/public-key"] = new("PostPublicKey", "Extras", "The original's request encryption key (not supported)", typeof(ErrorEnvelope)),
    };

    /// <summary>Adds the descriptions to every endpoint of <paramref name="group"/>, mounted at <paramref name="prefix"/>.</summary>
    public static void Describe(RouteGroupBuilder group, string prefix)
    {
        var mount = prefix.TrimEnd('/');

        // Endpoint names are unique per application: a second mount under another prefix gets its own names.
        var namePrefix = mount.Length == 0 ? "G4F" : "G4F_" + string.Concat(mount.Where(char.IsAsciiLetterOrDigit));
        ((IEndpointConventionBuilder)group).Add(builder =>
        {
            if (builder is not RouteEndpointBuilder route
                || builder.Metadata.OfType<HttpMethodMetadata>().FirstOrDefault() is not { } methods
                || builder.Metadata.OfType<IExcludeFromDescriptionMetadata>().Any(m => m.ExcludeFromDescription))
            {
                return;
            }

            var path = PathOf(route.RoutePattern);
            var relative = builder.Metadata.OfType<MountMetadata>().LastOrDefault() is { } mounted ? MountPath.BelowMount(path, mounted) : path;
            var first = true;
            foreach (var method in methods.HttpMethods)
            {
                if (Table.TryGetValue($"{method} {relative}", out var description))
                {
                    description.AddTo(builder.Metadata, namePrefix, nameAndTags: first);
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

    private sealed record Description(string Name, string Tag, string Summary, Type? Answer, string? AnswerType = Json)
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

            if (AnswerType is null)
            {
                metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status302Found, typeof(void)));
            }
            else
            {
                // Text and event streams are strings on the wire, media files bytes.
                var type = Answer ?? (AnswerType.StartsWith("text/", StringComparison.Ordinal) ? typeof(string) : typeof(Stream));
                metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status200OK, type, [AnswerType]));
            }

            if (Answer != typeof(ErrorEnvelope))
            {
                metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status400BadRequest, typeof(ErrorEnvelope), [Json]));
            }
        }
    }
}
