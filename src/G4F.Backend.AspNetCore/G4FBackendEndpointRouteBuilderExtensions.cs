using Microsoft.AspNetCore.Routing;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Mounts the GPT4Free web-GUI backend API.</summary>
public static class G4FBackendEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Maps every route of the protocol (<c>/backend-api/v2/...</c>) under <paramref name="prefix"/>.
    /// </summary>
    /// <param name="endpoints">The application or a route group.</param>
    /// <param name="prefix">A path prefix such as <c>/g4f</c>; empty mounts at the root.</param>
    /// <returns>The route group, for <c>RequireAuthorization</c>, <c>RequireCors</c> or rate limiting.</returns>
    public static RouteGroupBuilder MapG4FBackend(this IEndpointRouteBuilder endpoints, string prefix = "")
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var group = endpoints.MapGroup(prefix ?? string.Empty);
        return group;
    }
}
