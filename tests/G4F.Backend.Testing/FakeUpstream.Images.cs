using Microsoft.AspNetCore.Http;

namespace G4F.Backend.Testing;

/// <summary>The OpenAI image route of the fake: any path ending in <c>/images/generations</c>, recorded like every request.</summary>
public sealed partial class FakeUpstream
{
    /// <summary>The <c>data[].url</c> items every image generation answers with. Default one URL under <c>images.example</c>.</summary>
    public IList<string> ImageUrls { get; set; } = ["https://images.example/generated.png"];

    /// <summary>Images sent as <c>data[].b64_json</c> items after the <see cref="ImageUrls"/>. Default none.</summary>
    public IList<byte[]> ImageBytes { get; set; } = [];

    /// <summary>The top-level <c>output_format</c> of the answer (gpt-image-1 sends one); null sends none.</summary>
    public string? ImageOutputFormat { get; set; }

    /// <summary>A <see cref="FakeReply.Status"/> reply sent instead of the images (only its status, body, delay and headers count).</summary>
    public FakeReply? ImageReply { get; set; }

    private async Task ImagesAsync(HttpContext context, CancellationToken token)
    {
        try
        {
            if (ImageReply is { } reply && await ReplyWriter.WriteHeadAsync(context, reply, token))
            {
                return;
            }

            var json = FakeJson.Write(w =>
            {
                w.WriteStartObject();
                w.WriteNumber("created", 1755780000);
                w.WriteStartArray("data");
                foreach (var url in ImageUrls)
                {
                    w.WriteStartObject();
                    w.WriteString("url", url);
                    w.WriteString("revised_prompt", "a revised prompt");
                    w.WriteEndObject();
                }

                foreach (var bytes in ImageBytes)
                {
                    w.WriteStartObject();
                    w.WriteBase64String("b64_json", bytes);
                    w.WriteEndObject();
                }

                w.WriteEndArray();
                if (ImageOutputFormat is not null)
                {
                    w.WriteString("output_format", ImageOutputFormat);
                }

                w.WriteEndObject();
            });
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(json, token);
        }
        catch (Exception) when (token.IsCancellationRequested)
        {
            // The client went away (or the server is stopping); only the client's leaving counts as a cancelled request.
            if (context.RequestAborted.IsCancellationRequested)
            {
                RecordCancelled();
            }
        }
    }
}
