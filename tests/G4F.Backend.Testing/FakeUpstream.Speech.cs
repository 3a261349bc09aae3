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

    /// <summary>
    /// When set, the audio goes out in two parts: <see cref="SpeechAudio"/> is sent and flushed, then the reply waits for
    /// this task (or the client going away, counted in <see cref="CancelledRequests"/>) before it sends
    /// <see cref="SpeechAudioRest"/> and ends.
    /// </summary>
    public Task? SpeechGate { get; set; }

    /// <summary>The part of the audio sent after <see cref="SpeechGate"/> completed. Default empty.</summary>
    public byte[] SpeechAudioRest { get; set; } = [];

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
            if (SpeechGate is { } gate)
            {
                await gate.WaitAsync(token);
                await context.Response.Body.WriteAsync(SpeechAudioRest, token);
            }

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
