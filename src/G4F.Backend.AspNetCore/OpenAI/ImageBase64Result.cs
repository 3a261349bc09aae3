using System.Text.Json;
using G4F.Backend.Media;
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
    private readonly long _created;

    private ImageBase64Result(IReadOnlyList<StoredFile> files, long created)
    {
        _files = files;
        _created = created;
    }

    public static async Task<IResult> OpenAsync(MediaService media, IReadOnlyList<string> names, long created, long maxBytes, string origin, CancellationToken cancellationToken)
    {
        var files = new List<StoredFile>(names.Count);
        foreach (var name in names)
        {
            var file = await media.OpenAsync(name, thumbnail: false, url: string.Empty, origin, cancellationToken).ConfigureAwait(false);
            if (file.IsRefused || file.Value.Blob.Length > maxBytes)
            {
                if (!file.IsRefused)
                {
                    await file.Value.Blob.DisposeAsync().ConfigureAwait(false);
                }

                await DisposeAsync(files).ConfigureAwait(false);
                return new OpenAIFailure(StatusCodes.Status502BadGateway, "The generated image could not be read back from storage", "upstream_error", "MediaError").ToResult();
            }

            files.Add(file.Value);
        }

        return new ImageBase64Result(files, created);
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
            foreach (var file in _files)
            {
                // Bounded by the media size limit when opened.
                var bytes = new byte[file.Blob.Length];
                await file.Blob.Content.ReadExactlyAsync(bytes, token).ConfigureAwait(false);
                writer.WriteStartObject();
                writer.WriteBase64String("b64_json", bytes);
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
