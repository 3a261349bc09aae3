using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using G4F.Backend.Media;
using G4F.Backend.Routing;
using G4F.Backend.Storage;
using Microsoft.Extensions.Options;

namespace G4F.Backend.Buckets;

/// <summary>
/// Turns the bucket references of a conversation's messages into content a provider understands (PROTOCOL 3.2, 6.7):
/// <c>{"bucket_id"}</c> becomes the bucket's text (from the stored documents, even if the bucket was never streamed,
/// cut at <see cref="BucketOptions.MaxPromptChars"/> per request), bucket media become image or audio parts, and an
/// <c>image_url</c> naming this server's own <c>/files/...</c> path is read from disk, never fetched (PROTOCOL 7.5).
/// Messages without such parts are passed on untouched, without a copy.
/// </summary>
internal sealed class BucketPartExpander(BucketText text, BucketMediaFetcher media, IOptions<BucketOptions> options)
{
    /// <summary>
    /// The messages with bucket parts expanded, or <paramref name="messages"/> itself when there is nothing to expand.
    /// Notes (a cut text, a missing file) go to <paramref name="log"/>.
    /// </summary>
    public async Task<JsonArray> ExpandAsync(JsonArray messages, string? serverOrigin, RequestLog log, CancellationToken cancellationToken)
    {
        if (!messages.Any(m => m?["content"] is JsonArray parts && parts.Any(p => p is JsonObject part && NeedsExpansion(part, serverOrigin))))
        {
            return messages;
        }

        var budget = new RequestBudget(options.Value.MaxPromptChars, options.Value.MaxPromptMediaBytes);
        var expanded = new JsonArray();
        foreach (var message in messages)
        {
            if (message is JsonObject { } item && item["content"] is JsonArray parts && parts.Any(p => p is JsonObject part && NeedsExpansion(part, serverOrigin)))
            {
                var copy = (JsonObject)item.DeepClone();
                copy["content"] = await ExpandPartsAsync(parts, serverOrigin, budget, log, cancellationToken).ConfigureAwait(false);
                expanded.Add(copy);
            }
            else
            {
                expanded.Add(message?.DeepClone());
            }
        }

        return expanded;
    }

    private static bool NeedsExpansion(JsonObject part, string? serverOrigin) =>
        part.ContainsKey("bucket_id") || (AsString(part["type"]) == "image_url" && LocalFileUrl.TryParse(ImageUrl(part), serverOrigin, out _));

    private async Task<JsonArray> ExpandPartsAsync(JsonArray parts, string? serverOrigin, RequestBudget budget, RequestLog log, CancellationToken cancellationToken)
    {
        var result = new JsonArray();
        foreach (var node in parts)
        {
            if (node is not JsonObject part || !NeedsExpansion(part, serverOrigin))
            {
                result.Add(node?.DeepClone());
                continue;
            }

            var replacement = part.ContainsKey("bucket_id")
                ? await ExpandBucketPartAsync(part, serverOrigin, budget, log, cancellationToken).ConfigureAwait(false)
                : await LocalImageAsync(ImageUrl(part), serverOrigin, budget, log, cancellationToken).ConfigureAwait(false);
            if (replacement is not null)
            {
                result.Add(replacement);
            }
        }

        return result;
    }

    private async Task<JsonNode?> ExpandBucketPartAsync(JsonObject part, string? serverOrigin, RequestBudget budget, RequestLog log, CancellationToken cancellationToken)
    {
        var name = AsString(part["name"]);
        if (AsString(part["text"]) is { } transcript && name is not null)
        {
            // A media file with a transcript or description: the text stands for the file (PROTOCOL 3.2).
            return TextPart(transcript);
        }

        if (name is null)
        {
            return TextPart(await BucketTextAsync(AsString(part["bucket_id"]), budget, log, cancellationToken).ConfigureAwait(false));
        }

        // The media file of this server's bucket, read from storage whatever the url says, as the original does: the
        // client builds the url from the page's origin, which behind a TLS-terminating proxy is not the one this server sees.
        var url = AsString(part["url"]);

        // A bucket of another server (a shared chat opened elsewhere): its image URL is passed on when this server has no such file.
        var foreignImage = url is not null && url.Contains("://", StringComparison.Ordinal) && !LocalFileUrl.TryParse(url, serverOrigin, out _) && MediaTypes.IsImage(name)
            ? url
            : null;
        if (!SafeName.TrySanitize(AsString(part["bucket_id"]), out var bucketId) || !SafeName.TrySanitize(name, out var fileName))
        {
            if (foreignImage is not null)
            {
                return ImagePart(foreignImage);
            }

            log.Add("Dropped a bucket media part with an invalid bucket id or name");
            return null;
        }

        return await MediaPartAsync(new LocalFileUrl(bucketId, "media", fileName), budget, log, foreignImage, cancellationToken).ConfigureAwait(false);
    }

    private async Task<string> BucketTextAsync(string? bucketId, RequestBudget budget, RequestLog log, CancellationToken cancellationToken)
    {
        if (!SafeName.TrySanitize(bucketId, out var id))
        {
            log.Add("A bucket part named an invalid bucket id; it expands to no text");
            return string.Empty;
        }

        var builder = new StringBuilder();
        if (budget.TextLeft == 0)
        {
            log.Add($"Bucket {id}: no text added, the request already holds {budget.Limit} characters of bucket text (G4F:Buckets:MaxPromptChars)");
            return string.Empty;
        }

        await foreach (var piece in text.ReadAsync(id, cancellationToken).ConfigureAwait(false))
        {
            if (!budget.Take(piece, builder))
            {
                log.Add($"Bucket {id}: text cut at {budget.Limit} characters (G4F:Buckets:MaxPromptChars)");
                break;
            }
        }

        return builder.ToString();
    }

    private async Task<JsonNode?> LocalImageAsync(string? url, string? serverOrigin, RequestBudget budget, RequestLog log, CancellationToken cancellationToken)
    {
        LocalFileUrl.TryParse(url, serverOrigin, out var file);
        return await MediaPartAsync(file, budget, log, missingUrl: null, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The part for a stored bucket file; null (noted) when it is not sent. A missing file becomes an image part of
    /// <paramref name="missingUrl"/> when there is one.
    /// </summary>
    private async Task<JsonNode?> MediaPartAsync(LocalFileUrl file, RequestBudget budget, RequestLog log, string? missingUrl, CancellationToken cancellationToken)
    {
        var isImage = MediaTypes.IsImage(file.FileName);
        var format = Path.GetExtension(file.FileName).ToLowerInvariant() switch
        {
            ".wav" => "wav",
            ".mp3" => "mp3",
            _ => null,
        };
        if (!isImage && format is null)
        {
            // Providers take only wav and mp3 as input_audio; other audio and video are dropped, as in the original.
            log.Add($"Dropped bucket media {file.FileName}: only images, wav and mp3 are sent to providers");
            return null;
        }

        // An image is sent as its thumbnail when there is one: smaller, and what the user saw.
        var blob = await media.OpenStoredAsync(file.BucketId, file.FileName, preferThumbnail: isImage, cancellationToken).ConfigureAwait(false);
        if (blob is null)
        {
            if (missingUrl is not null)
            {
                return ImagePart(missingUrl);
            }

            log.Add($"Dropped bucket media {file.FileName}: no such file in bucket {file.BucketId}");
            return null;
        }

        string? encoded;
        await using (blob.ConfigureAwait(false))
        {
            // Counted per reference: a request naming one file a thousand times must not inline it a thousand times.
            if (!budget.TakeMedia(Base64Length(blob.Length)))
            {
                log.Add($"Dropped bucket media {file.FileName}: the request's media exceed G4F:Buckets:MaxPromptMediaBytes");
                return null;
            }

            var key = $"{file.BucketId}/{file.FileName}";
            if (!budget.Encoded.TryGetValue(key, out encoded))
            {
                var bytes = new byte[blob.Length];
                await blob.Content.ReadExactlyAsync(bytes, cancellationToken).ConfigureAwait(false);
                var base64 = Convert.ToBase64String(bytes);
                encoded = isImage ? $"data:{MediaTypes.ContentTypeOf(file.FileName)};base64,{base64}" : base64;
                budget.Encoded[key] = encoded;
            }
        }

        return isImage
            ? ImagePart(encoded)
            : new JsonObject { ["type"] = "input_audio", ["input_audio"] = new JsonObject { ["data"] = encoded, ["format"] = format } };
    }

    private static long Base64Length(long bytes) => (bytes + 2) / 3 * 4;

    private static JsonObject TextPart(string value) => new() { ["type"] = "text", ["text"] = value };

    private static JsonObject ImagePart(string url) => new() { ["type"] = "image_url", ["image_url"] = new JsonObject { ["url"] = url } };

    private static string? ImageUrl(JsonObject part) => AsString((part["image_url"] as JsonObject)?["url"]) ?? AsString(part["image_url"]);

    private static string? AsString(JsonNode? node) =>
        node is JsonValue value && value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : null;

    /// <summary>The characters of bucket text and the bytes of inlined media one request may still take.</summary>
    private sealed class RequestBudget(int limit, long mediaLimit)
    {
        private int _left = limit;
        private long _mediaLeft = mediaLimit;

        public int Limit { get; } = limit;

        public int TextLeft => _left;

        /// <summary>Files already encoded in this request, by path: repeated references share one string.</summary>
        public Dictionary<string, string> Encoded { get; } = new(StringComparer.Ordinal);

        public bool TakeMedia(long base64Length)
        {
            if (base64Length > _mediaLeft)
            {
                return false;
            }

            _mediaLeft -= base64Length;
            return true;
        }

        /// <summary>Appends as much of <paramref name="piece"/> as fits; false when it did not all fit.</summary>
        public bool Take(string piece, StringBuilder target)
        {
            if (piece.Length <= _left)
            {
                target.Append(piece);
                _left -= piece.Length;
                return true;
            }

            // Never cut between the halves of a surrogate pair.
            var cut = _left > 0 && char.IsHighSurrogate(piece[_left - 1]) ? _left - 1 : _left;
            target.Append(piece, 0, cut);
            _left = 0;
            return false;
        }
    }
}
