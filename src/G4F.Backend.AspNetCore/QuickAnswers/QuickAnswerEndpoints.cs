using G4F.Backend.AspNetCore.Http;
using G4F.Backend.AspNetCore.Identity;
using G4F.Backend.QuickAnswers;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace G4F.Backend.AspNetCore.QuickAnswers;

/// <summary><c>GET /backend-api/v2/create</c> (PROTOCOL 4): a one-shot answer as plain text, a redirect or a media file.</summary>
internal static class QuickAnswerEndpoints
{
    private const string Route = "/create";

    public static void Map(IEndpointRouteBuilder api)
    {
        api.MapGet(Route, CreateAsync);
        api.MapMethodNotAllowed(Route, HttpMethods.Get);
    }

    private static async Task<IResult> CreateAsync(HttpContext context, QuickAnswerService answers)
    {
        var query = context.Request.Query;
        var prompt = Value(query, "prompt");
        if (prompt is null)
        {
            return ErrorResults.BadRequest("Missing parameter prompt");
        }

        var audioProvider = Value(query, "audio_provider");
        var webSearch = Value(query, "web_search");
        var request = new QuickAnswerRequest(prompt, Value(query, "model"), Value(query, "provider") ?? audioProvider)
        {
            WebSearch = webSearch is "1" || string.Equals(webSearch, "true", StringComparison.OrdinalIgnoreCase) ? "true" : webSearch,
            Filter = Value(query, "filter_markdown") ?? Value(query, "json"),
            Cache = Value(query, "cache"),
            Audio = audioProvider is not null || Value(query, "audio") is not null,
            User = (await Callers.IdentifyAsync(context).ConfigureAwait(false))?.UserId,
        };

        QuickAnswer answer;
        try
        {
            answer = await answers.AnswerAsync(request, MountPath.Of(context), context.RequestAborted).ConfigureAwait(false);
        }
        catch (QuickAnswerException ex)
        {
            return ErrorResults.Error(FailureStatuses.Of(ex.Kind), ex.Message);
        }

        return answer switch
        {
            StreamedTextAnswer streamed => new PlainTextStreamResult(streamed.Utf8Chunks),
            TextAnswer text => TypedResults.Text(text.Text, PlainTextStreamResult.ContentType),
            RedirectAnswer redirect => TypedResults.Redirect(redirect.Location),
            MediaFileAnswer file => StoredMediaFile.Serve(context, file.File, "public, max-age=31536000"),
            _ => throw new InvalidOperationException($"Unknown answer {answer.GetType().Name}"),
        };
    }

    // Presence semantics of the original: an empty value is "not given".
    private static string? Value(IQueryCollection query, string name) => query[name].FirstOrDefault() is { Length: > 0 } value ? value : null;
}
