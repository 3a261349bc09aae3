using System.Text.Json.Nodes;
using G4F.Backend.AspNetCore.Http;
using G4F.Backend.Providers;
using G4F.Backend.Requests;
using G4F.Backend.Speech;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace G4F.Backend.AspNetCore.OpenAI;

/// <summary>
/// <c>POST /audio/speech</c>: OpenAI's speech body over the backend's <see cref="SpeechService"/>, the audio streamed
/// as the upstream sends it. <c>provider</c> chooses the speaker; without it the first provider whose configured speech
/// model is <c>model</c> answers, else the default speaker of the g4f route (<c>G4F:Speech:DefaultProvider</c>, else the
/// first provider able to speak), with <c>model</c> passed on.
/// </summary>
internal static class SpeechEndpoints
{
    /// <summary>OpenAI's own limit on the text of one request.</summary>
    private const int MaxInputLength = 4096;

    // The body is a few fields and at most 4096 characters of text (up to 4 bytes each in UTF-8).
    private const long MaxBodyBytes = 64 * 1024;

    private static readonly HashSet<string> Formats = new(StringComparer.Ordinal) { "mp3", "opus", "aac", "flac", "wav", "pcm" };

    public static void Map(IEndpointRouteBuilder group)
    {
        group.MapPost("/audio/speech", SpeakAsync)
            .DisableAntiforgery()
            .WithName("OpenAISpeech")
            .WithSummary("Speech audio for a text, streamed as the upstream sends it.")
            .WithTags("OpenAI")
            .Produces(StatusCodes.Status200OK, typeof(Stream), "audio/mpeg")
            .ProducesUpstreamErrors();
    }

    private static async Task<IResult> SpeakAsync(HttpContext context, SpeechService speech)
    {
        var aborted = context.RequestAborted;
        var read = await RequestBody.ReadJsonObjectAsync(context.Request, MaxBodyBytes, aborted).ConfigureAwait(false);
        if (read.Body is not { } body)
        {
            return OpenAIFailure.FromBodyRead(read.StatusCode, read.Error!).ToResult();
        }

        if (Read(body, out var provider) is not { } request)
        {
            return OpenAIFailure.BadRequest(
                $"input must be a non-empty string of at most {MaxInputLength} characters; model, voice and provider strings; response_format one of {string.Join(", ", Formats)}",
                "invalid_value").ToResult();
        }

        var resolved = speech.Resolve(provider, request.Model);
        if (resolved.IsRefused)
        {
            // The g4f route answers a provider that cannot speak with the original's 500; here it is the caller's choice, a 400.
            var status = resolved.Refusal.Kind == RefusalKind.Unsupported ? StatusCodes.Status400BadRequest : ErrorResults.StatusOf(resolved.Refusal.Kind);
            return new OpenAIFailure(status, resolved.Refusal.Message, "invalid_request_error",
                status == StatusCodes.Status404NotFound ? "provider_not_found" : "unsupported_provider").ToResult();
        }

        SpeechAudio audio;
        try
        {
            audio = await speech.SynthesizeAsync(resolved.Value, request, CallerKeys.Of(context), aborted).ConfigureAwait(false);
        }
        catch (ProviderException ex)
        {
            return OpenAIFailure.FromProviderFailure(ex).ToResult();
        }

        await using (audio.ConfigureAwait(false))
        {
            context.Response.ContentType = audio.ContentType;
            try
            {
                await audio.Content.CopyToAsync(context.Response.Body, aborted).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !aborted.IsCancellationRequested)
            {
                // The status line is gone already: breaking the connection tells the client the audio is incomplete.
                context.Abort();
            }
        }

        return Results.Empty;
    }

    private static SpeechRequest? Read(JsonObject body, out string? provider)
    {
        provider = Text(body["provider"], out var providerValid);
        var model = Text(body["model"], out var modelValid);
        var voice = Text(body["voice"], out var voiceValid);
        var format = Text(body["response_format"], out var formatValid);
        var input = Text(body["input"], out _);
        return providerValid && modelValid && voiceValid && formatValid && (format is null || Formats.Contains(format))
            && input is { Length: > 0 and <= MaxInputLength } && !string.IsNullOrWhiteSpace(input)
            ? new SpeechRequest(input, voice, model, format)
            : null;
    }

    /// <summary>A trimmed string value, null when absent or blank; <paramref name="valid"/> is false for another JSON kind.</summary>
    private static string? Text(JsonNode? node, out bool valid)
    {
        valid = node is null || (node is JsonValue value && value.TryGetValue<string>(out _));
        return valid && node is JsonValue v && v.GetValue<string>() is { } text && !string.IsNullOrWhiteSpace(text) ? text.Trim() : null;
    }

}
