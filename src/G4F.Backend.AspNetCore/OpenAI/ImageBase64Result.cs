using System.Text.Json;
using G4F.Backend.Conversations;
using G4F.Backend.Storage;
using Microsoft.AspNetCore.Http;

namespace G4F.Backend.AspNetCore.OpenAI;

/// <summary>
/// The <c>b64_json</c> answer: the stored images, opened before the status line (a missing or oversized file is still a
/// clean 502), then written one at a time, so at most one image is in memory however many were asked for.
/// </summary>
internal sealed class ImageBase64Result : IResult
{
    private readonly IReadOnlyList<StoredFile> _files;
    private readonly IReadOnlyList<GeneratedImage> _images;
    private readonly long _created;

    private ImageBase64Result(IReadOnlyList<StoredFile> files, IReadOnlyList<GeneratedImage> images, long created)
    {
        _files = files;
        _images = images;
        _created = created;
    }

    public static async Task<IResult> OpenAsync(ImageGenerationService service, IReadOnlyList<GeneratedImage> images, long created, CancellationToken cancellationToken)
    {
        var files = new List<StoredFile>(images.Count);
        foreach (var image in images)
        {
            // Core refuses a file that is gone or above the media size limit.
            var file = await service.OpenAsync(image, cancellationToken).ConfigureAwait(false);
            if (file.IsRefused)
            {
                await DisposeAsync(files).ConfigureAwait(false);
                return new OpenAIFailure(StatusCodes.Status502BadGateway, "The generated image could not be read back from storage", "upstream_error", "MediaError").ToResult();
            }

            files.Add(file.Value);
        }

        return new ImageBase64Result(files, images, created);
    }

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        var token = httpContext.RequestAborted;
        try
        {
            httpContext.Response.ContentType = "application/json; charset=utf-8";
            var writer = new Utf8JsonWriter(httpContext.Response.BodyWriter);
            await using var writerScope = writer.ConfigureAwait(false);
            writer.WriteStartObject();
            writer.WriteNumber("created", _created);
            writer.WriteStartArray("data");
            for (var i = 0; i < _files.Count; i++)
            {
                // Bounded by the media size limit when opened.
                var file = _files[i];
                var bytes = new byte[file.Blob.Length];
                await file.Blob.Content.ReadExactlyAsync(bytes, token).ConfigureAwait(false);
                writer.WriteStartObject();
                writer.WriteBase64String("b64_json", bytes);
                if (_images[i].Prompt is { } prompt)
                {
                    writer.WriteString("revised_prompt", prompt);
                }

                writer.WriteEndObject();
                await writer.FlushAsync(token).ConfigureAwait(false);
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
            await writer.FlushAsync(token).ConfigureAwait(false);
        }
        finally
        {
            await DisposeAsync(_files).ConfigureAwait(false);
        }
    }

    private static async Task DisposeAsync(IEnumerable<StoredFile> files)
    {
        foreach (var file in files)
        {
            await file.Blob.DisposeAsync().ConfigureAwait(false);
        }
    }
}
