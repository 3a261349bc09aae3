using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace G4F.Backend.AspNetCore.Tests.Memory;

/// <summary>
/// The user-id check of the memory routes is found by walking the routing table, so a route added later without
/// the check fails here instead of reaching the store with an id it refuses.
/// </summary>
public sealed class MemoryUserCheckTests
{
    private static readonly string InvalidIdMessage = JsonSerializer.Serialize(new { error = new { message = "Invalid user id: 1 to 200 characters, not blank" } });

    [Theory]
    [InlineData("%20%20")]
    [InlineData("u201")]
    public async Task Every_memory_route_refuses_an_invalid_user_id_before_its_handler(string invalid)
    {
        await using var memory = new MemoryClient();
        var userId = invalid == "u201" ? new string('u', 201) : invalid;
        var routes = MemoryRoutes(memory.Services);
        routes.Should().HaveCountGreaterThanOrEqualTo(4, "POST, GET and DELETE of a user and DELETE of an item");

        foreach (var (method, pattern) in routes)
        {
            var path = pattern.Replace("{user_id}", userId, StringComparison.Ordinal).Replace("{memory_id}", "m1", StringComparison.Ordinal);
            // A valid body on POST: only the id is wrong.
            var content = method == "POST" ? MemoryClient.Json(MemoryClient.Conversation("c1", "hello")) : null;

            var response = await memory.SendAsync(new HttpMethod(method), path, content);

            response.Should().Be((HttpStatusCode.BadRequest, InvalidIdMessage), $"{method} {pattern} must run the user check");
        }
    }

    /// <summary>The (method, path after the memory prefix) of every memory route that serves a request (not the 405 answers).</summary>
    private static List<(string Method, string Pattern)> MemoryRoutes(IServiceProvider services) =>
        [.. services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.Contains("/memory/{user_id}", StringComparison.Ordinal) == true)
            .Where(e => e.Metadata.GetMetadata<IExcludeFromDescriptionMetadata>() is not { ExcludeFromDescription: true })
            .SelectMany(e => e.Metadata.GetRequiredMetadata<IHttpMethodMetadata>().HttpMethods
                .Select(m => (m, e.RoutePattern.RawText![(e.RoutePattern.RawText!.IndexOf("/memory", StringComparison.Ordinal) + "/memory".Length)..])))];
}
