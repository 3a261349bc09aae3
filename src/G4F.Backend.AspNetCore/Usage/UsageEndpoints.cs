using G4F.Backend.AspNetCore.Http;
using G4F.Backend.AspNetCore.Identity;
using G4F.Backend.Usage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;

namespace G4F.Backend.AspNetCore.Usage;

/// <summary>
/// <c>POST /usage</c>, <c>GET /usage/{date}</c>, <c>GET /stats</c> and <c>POST /log</c> (PROTOCOL 5) over
/// <see cref="UsageService"/>. When the host identifies callers, the first three are the caller's own; anonymous callers get 401.
/// </summary>
internal static class UsageEndpoints
{
    public static void Map(IEndpointRouteBuilder api)
    {
        api.MapPost("/usage", async Task<IResult> (HttpContext context, UsageService usage, IOptions<UsageOptions> options) =>
        {
            var caller = await Callers.IdentifyAsync(context).ConfigureAwait(false);
            if (usage.CheckCaller(caller) is { } refusal)
            {
                return ErrorResults.From(refusal);
            }

            var read = await RequestBody.ReadJsonObjectAsync(context.Request, options.Value.MaxBodyBytes, context.RequestAborted).ConfigureAwait(false);
            if (read.Body is not { } body)
            {
                return ErrorResults.Error(read.StatusCode, read.Error!);
            }

            var refused = await usage.AppendUsageAsync(body, context.Request.Headers["x-user"].ToString(), caller, context.RequestAborted).ConfigureAwait(false);
            return refused is null ? Empty() : ErrorResults.From(refused);
        }).DisableAntiforgery();

        api.MapGet("/usage/{date}", async Task<IResult> (string date, HttpContext context, UsageService usage, CancellationToken cancellationToken) =>
        {
            var caller = await Callers.IdentifyAsync(context).ConfigureAwait(false);
            var lines = await usage.OpenDayAsync(date, caller, cancellationToken).ConfigureAwait(false);
            return lines.IsRefused ? ErrorResults.From(lines.Refusal) : TypedResults.Stream(lines.Value, "text/plain; charset=utf-8");
        });

        api.MapGet("/stats", async Task<IResult> (HttpContext context, UsageService usage, CancellationToken cancellationToken) =>
        {
            var caller = await Callers.IdentifyAsync(context).ConfigureAwait(false);
            var query = context.Request.Query;
            var statistics = await usage.GetStatisticsAsync(query["days"].FirstOrDefault(), query["user"].FirstOrDefault(), caller, cancellationToken).ConfigureAwait(false);
            return statistics.IsRefused ? ErrorResults.From(statistics.Refusal) : TypedResults.Json(statistics.Value, UsageJsonContext.Default.UsageStatistics);
        });

        api.MapPost("/log", async Task<IResult> (HttpContext context, UsageService usage, IOptions<UsageOptions> options) =>
        {
            var read = await RequestBody.ReadJsonObjectAsync(context.Request, options.Value.MaxBodyBytes, context.RequestAborted).ConfigureAwait(false);
            if (read.Body is not { } body)
            {
                return ErrorResults.Error(read.StatusCode, read.Error!);
            }

            var origin = context.Request.Headers.Origin is { Count: > 0 } header ? header.ToString() : null;
            return Appended(await usage.AppendClientLogAsync(body, origin, context.RequestAborted).ConfigureAwait(false));
        }).DisableAntiforgery();

        api.MapMethodNotAllowed("/usage", HttpMethods.Post);
        api.MapMethodNotAllowed("/usage/{date}", HttpMethods.Get);
        api.MapMethodNotAllowed("/stats", HttpMethods.Get);
        api.MapMethodNotAllowed("/log", HttpMethods.Post);
    }

    /// <summary><c>{}</c>; a 400 when the entry held text that is not valid Unicode (an escaped unpaired surrogate).</summary>
    private static IResult Appended(bool appended) => appended ? Empty() : ErrorResults.BadRequest(RequestBody.InvalidJson);

    private static JsonHttpResult<EmptyObject> Empty() => TypedResults.Json(new EmptyObject(), UsageJsonContext.Default.EmptyObject);
}
