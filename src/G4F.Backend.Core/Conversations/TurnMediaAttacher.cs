using System.Text.Json;
using System.Text.Json.Nodes;
using G4F.Backend.Buckets;
using G4F.Backend.Downloads;
using G4F.Backend.Media;
using G4F.Backend.Providers;
using G4F.Backend.Routing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace G4F.Backend.Conversations;

/// <summary>
/// Media attached to a turn (PROTOCOL 3.1 <c>files</c>, <c>media_url</c>, <c>media</c>): checks their URLs before the
/// stream (3.3) and turns them into parts of the last user message: images become an <c>image_url</c> data URI, wav and
/// mp3 <c>input_audio</c>; other audio and video are dropped with a note, as in the original. All inlined media of a
/// request share <see cref="BucketOptions.MaxPromptMediaBytes"/> (bucket media first); what does not fit is dropped
/// with a note.
/// </summary>
internal sealed partial class TurnMediaAttacher(TurnMediaLoader loader, SafeConnector connector, IOptions<ConversationOptions> options, IOptions<Buckets.BucketOptions> buckets, ILogger<TurnMediaAttacher> logger)
{
    /// <summary>
    /// The 400 message for the first medium that must not be attached, or null when all may: more than
    /// <see cref="ConversationOptions.MaxAttachedMedia"/>, or a URL that is neither inline (<c>data:</c>) nor this server's
    /// own media and fails the safe-URL check (syntax, every resolved address public or in
    /// <see cref="DownloadOptions.AllowedNetworks"/>).
    /// </summary>
    public Task<string?> CheckAsync(IReadOnlyList<ChatMedia> media, string? serverOrigin, CancellationToken cancellationToken) =>
        CheckAsync(media, serverOrigin, "media_url", cancellationToken);

    /// <summary>As <see cref="CheckAsync(IReadOnlyList{ChatMedia}, string?, CancellationToken)"/>, the refusal naming the URLs <paramref name="field"/> (<c>media_url</c> or <c>image_url</c>).</summary>
    public async Task<string?> CheckAsync(IReadOnlyList<ChatMedia> media, string? serverOrigin, string field, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(media);
        var max = options.Value.MaxAttachedMedia;
        if (media.Count > max)
        {
            return TooMany(max, field);
        }

        // Many URLs of one host cost one lookup.
        Dictionary<string, bool>? hosts = null;
        foreach (var item in media)
        {
            if (item.Url is not { } url || IsInlineOrLocal(url, serverOrigin))
            {
                continue;
            }

            if (!SafeDownloader.TryCheckUrl(url, out var uri, out _) || ServerOrigin.Owns(serverOrigin, uri!))
            {
                return Refused(url, field);
            }

            hosts ??= new Dictionary<string, bool>(StringComparer.OrdinalIgnoreCase);
            if (!hosts.TryGetValue(uri!.IdnHost, out var allowed))
            {
                allowed = hosts[uri.IdnHost] = await connector.IsHostAllowedAsync(uri.IdnHost, cancellationToken).ConfigureAwait(false);
            }

            if (!allowed)
            {
                LogRefused(logger, uri.Host);
                return Refused(url, field);
            }
        }

        return null;
    }

    /// <summary>
    /// The messages with <paramref name="media"/> appended to the last user message (a copy), or
    /// <paramref name="messages"/> itself when nothing was attached. Dropped media are noted in <paramref name="log"/>.
    /// </summary>
    /// <exception cref="TurnMediaException">A URL could not be fetched.</exception>
    public async Task<JsonArray> AttachAsync(JsonArray messages, IReadOnlyList<ChatMedia> media, string? serverOrigin, RequestLog log, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(messages);
        ArgumentNullException.ThrowIfNull(media);
        ArgumentNullException.ThrowIfNull(log);
        if (media.Count == 0)
        {
            return messages;
        }

        var target = LastUserMessage(messages);
        if (target < 0)
        {
            log.Add($"Dropped {media.Count} attached media: the request has no user message");
            return messages;
        }

        var max = options.Value.MaxAttachedMedia;
        if (media.Count > max)
        {
            log.Add($"Dropped {media.Count - max} attached media: at most {max} are attached (G4F:MaxAttachedMedia)");
        }

        // Base64 characters left: the inline media already in the messages (bucket media, client data URIs) come first.
        var left = buckets.Value.MaxPromptMediaBytes - InlineMediaLength(messages);
        var parts = new List<JsonObject>();
        foreach (var item in media.Take(max))
        {
            try
            {
                var loaded = await loader.LoadAsync(item, serverOrigin, Math.Max(0, left) / 4 * 3, log, cancellationToken).ConfigureAwait(false);
                if (loaded is { } medium && Part(medium, log) is { } part)
                {
                    left -= Base64Length(medium.Bytes.Length);
                    parts.Add(part);
                }
            }
            catch (TurnMediaException ex)
            {
                LogFetchFailed(logger, ex.Host, ex.Reason);
                throw;
            }
        }

        if (parts.Count == 0)
        {
            return messages;
        }

        var copy = (JsonArray)messages.DeepClone();
        var message = (JsonObject)copy[target]!;
        var content = message["content"] switch
        {
            JsonArray existing => existing,
            JsonValue value when value.GetValueKind() == JsonValueKind.String => [new JsonObject { ["type"] = "text", ["text"] = value.GetValue<string>() }],
            _ => new JsonArray(),
        };
        foreach (var part in parts)
        {
            content.Add(part);
        }

        // Reassigned even when it is the same array: a detached node must not stay a child of the old value.
        if (!ReferenceEquals(message["content"], content))
        {
            message["content"] = content;
        }

        return copy;
    }

    /// <summary>
    /// The distinct remote <c>image_url</c> URLs of the turn's newest message (the last of <paramref name="messages"/>):
    /// what a provider that takes only image bytes (<see cref="ProviderDescriptor.TakesInlineImagesOnly"/>) needs the turn
    /// to fetch. The history's remote images are not fetched again on every turn (a long conversation would pass the
    /// attachment limit, and one dead old link would fail every later turn); the same URL in an earlier message is
    /// inlined with the newest's, any other stays a URL, which such a provider does not see.
    /// </summary>
    public static IReadOnlyList<ChatMedia> RemoteImages(JsonArray messages)
    {
        ArgumentNullException.ThrowIfNull(messages);
        List<ChatMedia>? images = null;
        HashSet<string>? seen = null;
        foreach (var part in ImageParts(messages.Count == 0 ? [] : [messages[^1]]))
        {
            // An empty URL names nothing to fetch (and no image a provider could see).
            if (ImageUrl(part) is { Length: > 0 } url && !url.StartsWith("data:", StringComparison.OrdinalIgnoreCase)
                && (seen ??= new(StringComparer.Ordinal)).Add(url))
            {
                (images ??= []).Add(ChatMedia.FromUrl(url));
            }
        }

        return images ?? [];
    }

    /// <summary>
    /// The messages with every remote <c>image_url</c> part (<see cref="RemoteImages"/>) replaced by a data URI of its
    /// image (a copy), or <paramref name="messages"/> itself when there is none. Each is loaded as a <c>media_url</c> is:
    /// this server's own media read from disk, any other URL through the <see cref="SafeDownloader"/>, all within
    /// <see cref="BucketOptions.MaxPromptMediaBytes"/>. An image that cannot be sent is never left out silently: the
    /// turn fails, since an answer that ignored the image the user asked about would mislead.
    /// </summary>
    /// <exception cref="TurnMediaException">An image could not be fetched, is no image, or does not fit.</exception>
    public async Task<JsonArray> InlineImagesAsync(JsonArray messages, string? serverOrigin, RequestLog log, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(messages);
        ArgumentNullException.ThrowIfNull(log);
        var remote = RemoteImages(messages);
        if (remote.Count == 0)
        {
            return messages;
        }

        var max = options.Value.MaxAttachedMedia;
        if (remote.Count > max)
        {
            throw new TurnMediaException(TooMany(max, "image_url"));
        }

        var left = buckets.Value.MaxPromptMediaBytes - InlineMediaLength(messages);
        var inlined = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var image in remote)
        {
            // RemoteImages names each URL once.
            var url = image.Url!;
            LoadedMedia? loaded;
            try
            {
                loaded = await loader.LoadAsync(image, serverOrigin, Math.Max(0, left) / 4 * 3, log, cancellationToken).ConfigureAwait(false);
            }
            catch (TurnMediaException ex)
            {
                LogFetchFailed(logger, ex.Host, ex.Reason);
                throw;
            }

            var host = Uri.TryCreate(url, UriKind.Absolute, out var uri) && !string.IsNullOrEmpty(uri.Host) ? uri.Host : "this server";
            if (loaded is not { } medium)
            {
                throw new TurnMediaException($"The image_url image from {host} could not be sent inline: it is missing or the request's media exceed G4F:Buckets:MaxPromptMediaBytes");
            }

            var type = Normalise(medium.ContentType);
            if (type is not ("image/jpeg" or "image/png" or "image/gif" or "image/webp"))
            {
                throw new TurnMediaException($"The image_url from {host} is not an image (jpeg, png, gif or webp) but {type ?? "of unknown type"}");
            }

            left -= Base64Length(medium.Bytes.Length);
            inlined[url] = $"data:{type};base64,{Convert.ToBase64String(medium.Bytes.Span)}";
        }

        var copy = (JsonArray)messages.DeepClone();
        foreach (var part in ImageParts(copy))
        {
            if (ImageUrl(part) is { } url && inlined.TryGetValue(url, out var dataUri))
            {
                // The detail hint and any other field of the part stay as the client sent them.
                if (part["image_url"] is JsonObject imageUrl)
                {
                    imageUrl["url"] = dataUri;
                }
                else
                {
                    part["image_url"] = new JsonObject { ["url"] = dataUri };
                }
            }
        }

        return copy;
    }

    private static IEnumerable<JsonObject> ImageParts(IEnumerable<JsonNode?> messages)
    {
        foreach (var message in messages.OfType<JsonObject>())
        {
            if (message["content"] is not JsonArray parts)
            {
                continue;
            }

            foreach (var part in parts.OfType<JsonObject>())
            {
                if (JsonNodeReader.GetString(part["type"]) == "image_url")
                {
                    yield return part;
                }
            }
        }
    }

    // OpenAI's part is {"image_url":{"url":...}}; the bare string form is read too, as the Ollama writer reads it.
    private static string? ImageUrl(JsonObject part) =>
        part["image_url"] is JsonObject imageUrl ? JsonNodeReader.GetString(imageUrl["url"]) : JsonNodeReader.GetString(part["image_url"]);

    /// <summary>The part for a medium: images as data URIs, wav and mp3 as <c>input_audio</c>; null (noted) for anything else.</summary>
    private static JsonObject? Part(LoadedMedia medium, RequestLog log)
    {
        var type = Normalise(medium.ContentType);
        switch (type)
        {
            case "image/jpeg" or "image/png" or "image/gif" or "image/webp":
                var uri = $"data:{type};base64,{Convert.ToBase64String(medium.Bytes.Span)}";
                return new JsonObject { ["type"] = "image_url", ["image_url"] = new JsonObject { ["url"] = uri } };
            case "audio/wav" or "audio/mpeg":
                return new JsonObject
                {
                    ["type"] = "input_audio",
                    ["input_audio"] = new JsonObject { ["data"] = Convert.ToBase64String(medium.Bytes.Span), ["format"] = type == "audio/wav" ? "wav" : "mp3" },
                };
            default:
                // Providers take only these; other audio and video are dropped, as in the original.
                log.Add($"Dropped attached media of type {type ?? "unknown"}: only images (jpeg, png, gif, webp), wav and mp3 are sent to providers");
                return null;
        }
    }

    private static string? Normalise(string? contentType) => contentType?.Split(';')[0].Trim().ToLowerInvariant() switch
    {
        "image/jpg" or "image/pjpeg" => "image/jpeg",
        "audio/x-wav" or "audio/wave" or "audio/vnd.wave" => "audio/wav",
        "audio/mp3" or "audio/mpeg3" => "audio/mpeg",
        var other => other,
    };

    private static int LastUserMessage(JsonArray messages)
    {
        for (var i = messages.Count - 1; i >= 0; i--)
        {
            if (messages[i] is JsonObject message && message["role"] is JsonValue role && role.TryGetValue<string>(out var name) && name == "user")
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>Base64 characters of inline media (data-URI images, <c>input_audio</c> data) the messages already carry.</summary>
    private static long InlineMediaLength(JsonArray messages)
    {
        long total = 0;
        foreach (var message in messages)
        {
            if ((message as JsonObject)?["content"] is not JsonArray parts)
            {
                continue;
            }

            foreach (var part in parts.OfType<JsonObject>())
            {
                if (part["image_url"] is JsonObject image && JsonNodeReader.GetString(image["url"]) is { } url && url.StartsWith("data:", StringComparison.OrdinalIgnoreCase))
                {
                    // Counted as the bucket expansion counts: the payload after the comma.
                    total += url.Length - url.IndexOf(',', StringComparison.Ordinal) - 1;
                }
                else if (part["input_audio"] is JsonObject audio && JsonNodeReader.GetString(audio["data"]) is { } data)
                {
                    total += data.Length;
                }
            }
        }

        return total;
    }

    private static long Base64Length(long bytes) => (bytes + 2) / 3 * 4;

    private static bool IsInlineOrLocal(string url, string? serverOrigin) =>
        url.StartsWith("data:", StringComparison.OrdinalIgnoreCase)
        || LocalFileUrl.TryParse(url, serverOrigin, out _)
        || LocalMediaUrl.TryParse(url, serverOrigin, out _);

    // This server's own URL that names no stored media: never fetched (it would only ask itself).

    private static string Refused(string url, string field) => $"Invalid or disallowed {field}: {url}";

    private static string TooMany(int max, string field) => field == "media_url"
        ? $"Too many media: at most {max} may be attached to one message"
        : $"Too many {field} images: at most {max} (G4F:MaxAttachedMedia) are fetched for a provider that takes only inline images";

    // Hosts only: a path or query may carry a token.
    [LoggerMessage(Level = LogLevel.Information, Message = "An attached media URL of {Host} was refused: it is not a public address")]
    private static partial void LogRefused(ILogger logger, string host);

    [LoggerMessage(Level = LogLevel.Information, Message = "Fetching attached media from {Host} failed: {Reason}")]
    private static partial void LogFetchFailed(ILogger logger, string host, DownloadFailure reason);
}
