using System.Buffers;
using System.Text.Json;
using G4F.Backend.Conversations;
using G4F.Backend.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace G4F.Backend.AspNetCore.OpenAI;

/// <summary>
/// The <c>b64_json</c> answer, written image by image: one stored image is open at a time (on PostgreSQL a reader holds
/// a slot of <c>G4F:PostgreSql:MaxOpenReaders</c>, so a request never waits for a slot while holding one) and its bytes go
/// out base64-encoded in pooled chunks, never held whole in memory. Only the first image is opened before the status
/// line, so a missing or oversized first file is still a clean 502; an image after it that cannot be opened or read
/// breaks the connection off (logged), since the status is sent and a truncated JSON body would look whole.
/// </summary>
internal sealed partial class ImageBase64Result : IResult
{
    // A multiple of 3 (base64 groups) read per segment: 64 KiB of base64 flushed at a time, backpressure included.
    private const int ChunkBytes = 48 * 1024;

    private readonly ImageGenerationService _service;
    private readonly IReadOnlyList<GeneratedImage> _images;
    private readonly long _created;
    private StoredFile? _first;

    private ImageBase64Result(ImageGenerationService service, IReadOnlyList<GeneratedImage> images, long created, StoredFile first)
    {
        _service = service;
        _images = images;
        _created = created;
        _first = first;
    }

    public static async Task<IResult> OpenAsync(ImageGenerationService service, IReadOnlyList<GeneratedImage> images, long created, CancellationToken cancellationToken)
    {
        // Core refuses a file that is gone or above the media size limit.
        var first = await service.OpenAsync(images[0], cancellationToken).ConfigureAwait(false);
        return first.IsRefused
            ? new OpenAIFailure(StatusCodes.Status502BadGateway, "The generated image could not be read back from storage", "upstream_error", "MediaError").ToResult()
            : new ImageBase64Result(service, images, created, first.Value);
    }

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        var token = httpContext.RequestAborted;
        var file = _first;
        _first = null;
        var index = 0;
        try
        {
            httpContext.Response.ContentType = "application/json; charset=utf-8";
            var body = httpContext.Response.BodyWriter;
            var writer = new Utf8JsonWriter(body);
            await using var writerScope = writer.ConfigureAwait(false);
            writer.WriteStartObject();
            writer.WriteNumber("created", _created);
            writer.WriteStartArray("data");
            for (; index < _images.Count; index++)
            {
                if (file is null)
                {
                    var opened = await _service.OpenAsync(_images[index], token).ConfigureAwait(false);
                    if (opened.IsRefused)
                    {
                        throw new InvalidOperationException(opened.Refusal.Message);
                    }

                    file = opened.Value;
                }

                try
                {
                    writer.WriteStartObject();
                    writer.WritePropertyName("b64_json");
                    if (!await WriteBase64Async(writer, body, file.Blob, token).ConfigureAwait(false))
                    {
                        // Nobody reads the answer any more.
                        return;
                    }

                    if (_images[index].Prompt is { } prompt)
                    {
                        writer.WriteString("revised_prompt", prompt);
                    }

                    writer.WriteEndObject();
                }
                finally
                {
                    // Disposed before the next is opened: its reader slot and connection are free again.
                    var done = file;
                    file = null;
                    await done.Blob.DisposeAsync().ConfigureAwait(false);
                }
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
            writer.Flush();
            await body.FlushAsync(token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            // The client went away.
        }
        catch (Exception ex)
        {
            LogBrokenOff(httpContext.RequestServices.GetRequiredService<ILogger<ImageBase64Result>>(), index + 1, _images.Count, ex);

            // The status (and part of the JSON) may be out: only a cut connection tells the client the answer is incomplete.
            httpContext.Abort();
        }
        finally
        {
            if (file is not null)
            {
                await file.Blob.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// The blob's bytes as the base64 string value, read and flushed a chunk at a time through a pooled buffer (the
    /// writer keeps a chunk's last one or two bytes for the next segment). False when the response's reader is gone.
    /// </summary>
    private static async Task<bool> WriteBase64Async(Utf8JsonWriter writer, System.IO.Pipelines.PipeWriter body, StoredBlob blob, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(ChunkBytes);
        try
        {
            // Exactly the opened version's length, as a whole read would: a stream that ends early is a broken read.
            var remaining = blob.Length;
            do
            {
                var read = await blob.Content.ReadAtLeastAsync(buffer.AsMemory(0, (int)Math.Min(ChunkBytes, remaining)), (int)Math.Min(ChunkBytes, remaining), throwOnEndOfStream: true, cancellationToken).ConfigureAwait(false);
                remaining -= read;
                writer.WriteBase64StringSegment(buffer.AsSpan(0, read), isFinalSegment: remaining == 0);
                writer.Flush();
                var flushed = await body.FlushAsync(cancellationToken).ConfigureAwait(false);
                if (flushed.IsCompleted || flushed.IsCanceled)
                {
                    return false;
                }
            }
            while (remaining > 0);

            return true;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "The b64_json answer broke off at image {Index} of {Count}; the connection was aborted")]
    private static partial void LogBrokenOff(ILogger logger, int index, int count, Exception exception);
}
