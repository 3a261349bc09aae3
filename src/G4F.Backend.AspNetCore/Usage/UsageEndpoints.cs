using System.Text.Json.Nodes;
using G4F.Backend.AspNetCore.Http;
using G4F.Backend.Usage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;

namespace G4F.Backend.AspNetCore.Usage;

/// <summary><c>POST /usage</c>, <c>GET /usage/{date}</c>, <c>GET /stats</c> and <c>POST /log</c> (PROTOCOL 5).</summary>
internal static class UsageEndpoints
{
    public static void Map(IEndpointRouteBuilder api)
    {
        api.MapPost("/usage", async Task<IResult> (HttpContext context, IUsageLog usageLog, IOptions<G4FBackendOptions> options) =>
        {
            var read = await RequestBody.ReadJsonObjectAsync(context.Request, options.Value.Usage.MaxBodyBytes, context.RequestAborted).ConfigureAwait(false);
            if (read.Body is not { } body)
            {
                return ErrorResults.Error(read.StatusCode, read.Error!);
            }

            // {"user": <x-user or "unknown">, ...body}: a user in the body wins, the header's comes first otherwise.
            var user = context.Request.Headers["x-user"].ToString();
            return await AppendAsync(body, "user", user.Length > 0 ? user : UsageAggregator.Unknown, usageLog.AppendUsageAsync, context.RequestAborted).ConfigureAwait(false);
        }).DisableAntiforgery();

        api.MapGet("/usage/{date}", async Task<IResult> (string date, IUsageLog usageLog, CancellationToken cancellationToken) =>
        {
            if (!UsageQuery.TryParseDate(date, out var day, out var error))
            {
                return ErrorResults.BadRequest(error!);
            }

            var lines = await usageLog.OpenUsageDayAsync(day, cancellationToken).ConfigureAwait(false);
            return lines is null
                ? ErrorResults.NotFound("No usage data found for this date")
                : TypedResults.Stream(lines, "text/plain; charset=utf-8");
        });

        api.MapGet("/stats", async (HttpRequest request, IUsageLog usageLog, CancellationToken cancellationToken) =>
        {
            var days = UsageQuery.ParseDays(request.Query["days"].FirstOrDefault());
            var user = request.Query["user"].FirstOrDefault();
            var statistics = await usageLog.GetStatisticsAsync(days, string.IsNullOrEmpty(user) ? null : user, cancellationToken).ConfigureAwait(false);
            return TypedResults.Json(statistics, UsageJsonContext.Default.UsageStatistics);
        });

        api.MapPost("/log", async Task<IResult> (HttpContext context, IUsageLog usageLog, IOptions<G4FBackendOptions> options) =>
        {
            var read = await RequestBody.ReadJsonObjectAsync(context.Request, options.Value.Usage.MaxBodyBytes, context.RequestAborted).ConfigureAwait(false);
            if (read.Body is not { } body)
            {
                return ErrorResults.Error(read.StatusCode, read.Error!);
            }

            // {"origin": <Origin or null>, ...body}: an origin in the body wins.
            var origin = context.Request.Headers.Origin is { Count: > 0 } header ? header.ToString() : null;
            return await AppendAsync(body, "origin", origin, usageLog.AppendClientLogAsync, context.RequestAborted).ConfigureAwait(false);
        }).DisableAntiforgery();

        api.MapMethodNotAllowed("/usage", HttpMethods.Post);
        api.MapMethodNotAllowed("/usage/{date}", HttpMethods.Get);
        api.MapMethodNotAllowed("/stats", HttpMethods.Get);
        api.MapMethodNotAllowed("/log", HttpMethods.Post);
    }

    /// <summary>
    /// Puts <paramref name="key"/> first unless the body has it, appends, answers <c>{}</c>. A value that is not valid
    /// Unicode (an escaped unpaired surrogate; keys were checked when parsed) only fails when it is written: a 400, not a 500.
    /// </summary>
    private static async Task<IResult> AppendAsync(JsonObject body, string key, string? value, Func<JsonObject, CancellationToken, Task> append, CancellationToken cancellationToken)
    {
        if (!body.ContainsKey(key))
        {
            body.Insert(0, key, value);
        }

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
