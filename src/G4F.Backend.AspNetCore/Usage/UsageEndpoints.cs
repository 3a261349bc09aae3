using System.Text.Json.Nodes;
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
/// <c>POST /usage</c>, <c>GET /usage/{date}</c>, <c>GET /stats</c> and <c>POST /log</c> (PROTOCOL 5). When the host
/// identifies callers, the first three are the caller's own (<see cref="CallerUsage"/>); anonymous callers get 401.
/// </summary>
internal static class UsageEndpoints
{
    public static void Map(IEndpointRouteBuilder api)
    {
        api.MapPost("/usage", async Task<IResult> (HttpContext context, IUsageLog usageLog, IOptions<UsageOptions> options) =>
        {
            var (caller, refusal) = await Callers.IdentifyForOwnDataAsync(context).ConfigureAwait(false);
            if (refusal is not null)
            {
                return refusal;
            }

            var read = await RequestBody.ReadJsonObjectAsync(context.Request, options.Value.MaxBodyBytes, context.RequestAborted).ConfigureAwait(false);
            if (read.Body is not { } body)
            {
                return ErrorResults.Error(read.StatusCode, read.Error!);
            }

            CallerUsage.StampUser(body, context.Request.Headers["x-user"].ToString(), caller);
            return await AppendAsync(body, usageLog.AppendUsageAsync, context.RequestAborted).ConfigureAwait(false);
        }).DisableAntiforgery();

        api.MapGet("/usage/{date}", async Task<IResult> (string date, HttpContext context, CallerUsage usage, CancellationToken cancellationToken) =>
        {
            var (caller, refusal) = await Callers.IdentifyForOwnDataAsync(context).ConfigureAwait(false);
            if (refusal is not null)
            {
                return refusal;
            }

            if (!UsageQuery.TryParseDate(date, out var day, out var error))
            {
                return ErrorResults.BadRequest(error!);
            }

            var lines = await usage.OpenDayAsync(day, caller, cancellationToken).ConfigureAwait(false);
            return lines is null
                ? ErrorResults.NotFound("No usage data found for this date")
                : TypedResults.Stream(lines, "text/plain; charset=utf-8");
        });

        api.MapGet("/stats", async Task<IResult> (HttpContext context, CallerUsage usage, CancellationToken cancellationToken) =>
        {
            var (caller, refusal) = await Callers.IdentifyForOwnDataAsync(context).ConfigureAwait(false);
            if (refusal is not null)
            {
                return refusal;
            }

            var query = context.Request.Query;
            var days = UsageQuery.ParseDays(query["days"].FirstOrDefault());
            var statistics = await usage.GetStatisticsAsync(days, query["user"].FirstOrDefault(), caller, cancellationToken).ConfigureAwait(false);
            return TypedResults.Json(statistics, UsageJsonContext.Default.UsageStatistics);
        });

        api.MapPost("/log", async Task<IResult> (HttpContext context, IUsageLog usageLog, IOptions<UsageOptions> options) =>
        {
            var read = await RequestBody.ReadJsonObjectAsync(context.Request, options.Value.MaxBodyBytes, context.RequestAborted).ConfigureAwait(false);
            if (read.Body is not { } body)
            {
                return ErrorResults.Error(read.StatusCode, read.Error!);
            }

            // {"origin": <Origin or null>, ...body}: an origin in the body wins.
            if (!body.ContainsKey("origin"))
            {
                body.Insert(0, "origin", context.Request.Headers.Origin is { Count: > 0 } header ? header.ToString() : null);
            }

            return await AppendAsync(body, usageLog.AppendClientLogAsync, context.RequestAborted).ConfigureAwait(false);
        }).DisableAntiforgery();

        api.MapMethodNotAllowed("/usage", HttpMethods.Post);
        api.MapMethodNotAllowed("/usage/{date}", HttpMethods.Get);
        api.MapMethodNotAllowed("/stats", HttpMethods.Get);
        api.MapMethodNotAllowed("/log", HttpMethods.Post);
    }

    /// <summary>
    /// Appends, answers <c>{}</c>. A value that is not valid Unicode (an escaped unpaired surrogate; keys were checked
    /// when parsed) only fails when it is written: a 400, not a 500.
    /// </summary>
    private static async Task<IResult> AppendAsync(JsonObject body, Func<JsonObject, CancellationToken, Task> append, CancellationToken cancellationToken)
    {
        try
        {
            await append(body, cancellationToken).ConfigureAwait(false);
        }
        catch (ArgumentException)
        {
            return ErrorResults.BadRequest(RequestBody.InvalidJson);
        }

        return Empty();
    }

    private static JsonHttpResult<EmptyObject> Empty() => TypedResults.Json(new EmptyObject(), UsageJsonContext.Default.EmptyObject);
}
