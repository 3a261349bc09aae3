using Microsoft.AspNetCore.Http;

namespace G4F.Backend.Testing;

/// <summary>The OpenAI speech route of the fake: any path ending in <c>/audio/speech</c>.</summary>
public sealed partial class FakeUpstream
{
    /// <summary>The audio every speech request gets. Default the ASCII bytes of <c>fake-audio</c>.</summary>
    public byte[] SpeechAudio { get; set; } = "fake-audio"u8.ToArray();

    /// <summary>The content type of <see cref="SpeechAudio"/>. Default <c>audio/mpeg</c>.</summary>
    public string SpeechContentType { get; set; } = "audio/mpeg";

    /// <summary>A <see cref="FakeReply.Status"/> reply sent instead of the audio (only its status, body, delay and headers count).</summary>
    public FakeReply? SpeechReply { get; set; }

    /// <summary>
    /// Whether the audio is sent and flushed and the response then held open until the client goes away
    /// (counted in <see cref="CancelledRequests"/>), like a long synthesis.
    /// </summary>
    public bool SpeechHoldsOpen { get; set; }

    private async Task SpeechAsync(HttpContext context, CancellationToken token)
    {
        var finished = false;
        try
        {
            if (SpeechReply is { } reply && await ReplyWriter.WriteHeadAsync(context, reply, token))
            {
                finished = true;
                return;
            }

            context.Response.ContentType = SpeechContentType;
            await context.Response.Body.WriteAsync(SpeechAudio, token);
            await context.Response.Body.FlushAsync(token);
            if (SpeechHoldsOpen)
            {
                await Task.Delay(Timeout.Infinite, token);
            }

            finished = true;
        }
        catch (Exception) when (token.IsCancellationRequested)
        {
            // The client went away (or the server is stopping).
        }
        finally
        {
            if (!finished && context.RequestAborted.IsCancellationRequested)
            {
                RecordCancelled();
            }
        }
    }
}
