using G4F.Backend.AspNetCore.Http;
using G4F.Backend.Providers;
using G4F.Backend.Speech;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;

namespace G4F.Backend.AspNetCore.Speech;

/// <summary><c>GET /backend-api/v2/synthesize/{provider}</c> (PROTOCOL 11).</summary>
internal static partial class SpeechEndpoints
{
    private static readonly HashSet<string> Formats = new(StringComparer.OrdinalIgnoreCase) { "mp3", "wav", "opus", "aac", "flac", "pcm" };

    public static void Map(IEndpointRouteBuilder api)
    {
        api.MapGet("/synthesize/{provider}", SynthesizeAsync);
        api.MapMethodNotAllowed("/synthesize/{provider}", HttpMethods.Get);
    }

    private static async Task<IResult> SynthesizeAsync(string provider, HttpContext context, SpeechService speech, ILoggerFactory loggerFactory)
    {
        var query = context.Request.Query;
        var text = query["text"].FirstOrDefault();
        if (string.IsNullOrWhiteSpace(text))
        {
            return ErrorResults.BadRequest("Missing parameter text");
        }

        var format = Optional(query["format"].FirstOrDefault());
        if (format is not null && !Formats.Contains(format))
        {
            return ErrorResults.BadRequest($"Unsupported format; use one of {string.Join(", ", Formats)}");
        }

        var resolved = speech.Resolve(provider);
        if (resolved.IsRefused)
        {
            return ErrorResults.From(resolved.Refusal);
        }

        var synthesizer = resolved.Value;
        var request = new SpeechRequest(text, Optional(query["voice"].FirstOrDefault()), Optional(query["model"].FirstOrDefault()), format);
        var aborted = context.RequestAborted;
        SpeechAudio audio;
        try
        {
            // The g4f route carries no key of the caller's (null): every provider speaks with its configured key.
            audio = await speech.SynthesizeAsync(synthesizer, request, callerKey: null, aborted).ConfigureAwait(false);
        }
        catch (ProviderException ex)
        {
            return ErrorResults.Error(FailureStatuses.OfSpeech(FailureClassification.Of(ex)), ex.ProtocolMessage);
        }

        await using (audio.ConfigureAwait(false))
        {
            var response = context.Response;
            response.ContentType = audio.ContentType;
            response.Headers.CacheControl = "max-age=604800";
            try
            {
                await audio.Content.CopyToAsync(response.Body, aborted).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !aborted.IsCancellationRequested)
            {
                // The status line is gone already; breaking the connection is the only way to tell the
                // client that the audio is incomplete. Only the type is logged: messages may quote URLs.
                LogBrokenAudio(loggerFactory.CreateLogger(typeof(SpeechEndpoints)), synthesizer.ProviderName, ex.GetType().Name);
                context.Abort();
            }
        }

        return Results.Empty;
    }

    private static string? Optional(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    [LoggerMessage(Level = LogLevel.Warning, Message = "Speech from {Provider} broke off with {ExceptionType}")]
    private static partial void LogBrokenAudio(ILogger logger, string provider, string exceptionType);
}
