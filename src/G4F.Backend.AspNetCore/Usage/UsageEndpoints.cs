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
            if (!body.ContainsKey("user"))
            {
                var user = context.Request.Headers["x-user"].ToString();
                body.Insert(0, "user", user.Length > 0 ? user : UsageAggregator.Unknown);
            }

            await usageLog.AppendUsageAsync(body, context.RequestAborted).ConfigureAwait(false);
            return Empty();
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
            if (!body.ContainsKey("origin"))
            {
                body.Insert(0, "origin", context.Request.Headers.Origin is { Count: > 0 } origin ? origin.ToString() : null);
            }

            await usageLog.AppendClientLogAsync(body, context.RequestAborted).ConfigureAwait(false);
            return Empty();
        }).DisableAntiforgery();

        api.MapMethodNotAllowed("/usage", HttpMethods.Post);
        api.MapMethodNotAllowed("/usage/{date}", HttpMethods.Get);
        api.MapMethodNotAllowed("/stats", HttpMethods.Get);
        api.MapMethodNotAllowed("/log", HttpMethods.Post);
    }

    private static JsonHttpResult<EmptyObject> Empty() => TypedResults.Json(new EmptyObject(), UsageJsonContext.Default.EmptyObject);
}
