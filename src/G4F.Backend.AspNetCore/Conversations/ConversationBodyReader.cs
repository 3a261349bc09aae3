using System.Buffers;
using System.Text;
using G4F.Backend.AspNetCore.Http;
using G4F.Backend.Conversations;
using G4F.Backend.Providers;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;

namespace G4F.Backend.AspNetCore.Conversations;

/// <summary>
/// Reads the conversation request (PROTOCOL 3.1): a raw JSON body whatever its content type (as the original does), or
/// a form with the JSON in its <c>json</c> field plus attached <c>files</c> and <c>media_url</c> fields. Bodies over
/// the limit are refused, never read whole. Multipart parts are read one by one into memory, never into temporary
/// files, so nothing is left on disk whatever the outcome.
/// </summary>
internal static class ConversationBodyReader
{
    private const string InvalidMultipart = "Invalid multipart body";

    public static async Task<ConversationBody> ReadAsync(HttpRequest request, ConversationRequestReader reader, CancellationToken cancellationToken)
    {
        var maxBytes = reader.MaxBodyBytes;
        var maxValues = reader.MaxJsonValues;
        if (request.ContentType is { } contentType && contentType.StartsWith("multipart/form-data", StringComparison.OrdinalIgnoreCase))
        {
            return await ReadMultipartAsync(request, reader, maxBytes, maxValues, cancellationToken).ConfigureAwait(false);
        }

        var (bytes, error) = await RequestBody.ReadBytesAsync(request, maxBytes, cancellationToken).ConfigureAwait(false);
        if (error is { } refused)
        {
            return new ConversationBody(refused);
        }

        var parsed = RequestBody.ParseObject(bytes!.WrittenMemory, maxValues);
        if (parsed.StatusCode == StatusCodes.Status400BadRequest && request.HasFormContentType)
        {
            // A url-encoded form carries the JSON in its "json" field; curl -d sends raw JSON with this
            // content type too, which is why the raw body is tried first.
            var form = QueryHelpers.ParseQuery(Encoding.UTF8.GetString(bytes.WrittenSpan));
            if (form.TryGetValue("json", out var json) && json.ToString() is { Length: > 0 } text)
            {
                return new ConversationBody(RequestBody.ParseObject(Encoding.UTF8.GetBytes(text), maxValues), MediaUrls(form.GetValueOrDefault("media_url")));
            }
        }

        return new ConversationBody(parsed);
    }

    private static async Task<ConversationBody> ReadMultipartAsync(HttpRequest request, ConversationRequestReader files, long maxBytes, int maxValues, CancellationToken cancellationToken)
    {
        if (request.ContentLength > maxBytes)
        {
            return new ConversationBody(BodyReadResult.TooLarge(maxBytes));
        }

        if (MultipartForm.Boundary(request.ContentType) is not { } boundary)
        {
            return new ConversationBody(BodyReadResult.Invalid(InvalidMultipart));
        }

        RequestBody.ApplyLimit(request, maxBytes);
        string? json = null;
        var media = new List<ChatMedia>();
        var notes = new List<string>();
        var left = maxBytes;
        try
        {
            var sections = MultipartForm.Reader(request, boundary);
            while (await sections.ReadNextSectionAsync(cancellationToken).ConfigureAwait(false) is { } section)
            {
                // Every part is read here, kept or not, so the limit counts the whole body.
                var bytes = await ReadPartAsync(section.Body, left, cancellationToken).ConfigureAwait(false);
                if (bytes is null)
                {
                    return new ConversationBody(BodyReadResult.TooLarge(maxBytes));
                }

                left -= bytes.Length;
                var disposition = section.GetContentDispositionHeader();
                switch (HeaderUtilities.RemoveQuotes(disposition?.Name ?? StringSegment.Empty).Value)
                {
                    case "json" when json is null:
                        json = Encoding.UTF8.GetString(bytes);
                        break;
                    case "media_url" when Encoding.UTF8.GetString(bytes) is { Length: > 0 } url:
                        media.Add(ChatMedia.FromUrl(url));
                        break;
                    case "files" when disposition is { } file && file.IsFileDisposition():
                        if (files.TryAttachFile(MultipartForm.ClientFileName(file), bytes, out var attached, out var note))
                        {
                            media.Add(attached);
                        }
                        else
                        {
                            notes.Add(note);
                        }

                        break;
                }
            }
        }
        catch (BadHttpRequestException ex)
        {
            return new ConversationBody(RequestBody.FromServerRefusal(ex, maxBytes));
        }
        catch (InvalidDataException ex) when (ex.Message.Contains("limit", StringComparison.OrdinalIgnoreCase))
        {
            return new ConversationBody(BodyReadResult.TooLarge(maxBytes));
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException)
        {
            // Malformed boundaries, or a body that ends in the middle of a part.
            return new ConversationBody(BodyReadResult.Invalid(InvalidMultipart));
        }

        var body = string.IsNullOrEmpty(json) ? BodyReadResult.Invalid(RequestBody.InvalidJson) : RequestBody.ParseObject(Encoding.UTF8.GetBytes(json), maxValues);
        return new ConversationBody(body, media.Count > 0 ? media : null, notes);
    }

    private static IReadOnlyList<ChatMedia>? MediaUrls(StringValues values)
    {
        var urls = values.Where(v => !string.IsNullOrEmpty(v)).Select(v => ChatMedia.FromUrl(v!)).ToList();
        return urls.Count > 0 ? urls : null;
    }

    /// <summary>The part's bytes, or null when they exceed <paramref name="limit"/>.</summary>
    private static async Task<byte[]?> ReadPartAsync(Stream body, long limit, CancellationToken cancellationToken)
    {
        var buffer = new ArrayBufferWriter<byte>(4096);
        while (true)
        {
            var read = await body.ReadAsync(buffer.GetMemory(16 * 1024), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                return buffer.WrittenSpan.ToArray();
            }

            buffer.Advance(read);
            if (buffer.WrittenCount > limit)
            {
                return null;
            }
        }
    }
}
