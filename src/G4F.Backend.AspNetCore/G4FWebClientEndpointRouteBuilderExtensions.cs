using G4F.Backend.AspNetCore.WebClient;
using G4F.Backend.WebClient;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Mounts the official g4f web client (the pages at <c>/chat/</c>, their assets at <c>/dist/</c>).</summary>
public static class G4FWebClientEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Serves the web client's files at <c>/chat/</c> and <c>/dist/</c> under <paramref name="prefix"/>, from
    /// <c>G4F:Gui:Path</c> or, without it, fetched from <c>G4F:Gui:BaseUrl</c> on first use and cached under the data
    /// directory. When the client cannot be had, <c>/chat/</c> answers a page saying how to get it (503). The routes are
    /// left out of the OpenAPI description (they serve files, not the API).
    /// </summary>
    /// <param name="endpoints">The application or a route group.</param>
    /// <param name="prefix">A path prefix; the client must share the API's origin and its pages call <c>/backend-api/v2</c> at the root.</param>
    /// <returns>The route group, for <c>RequireAuthorization</c> or rate limiting.</returns>
    public static RouteGroupBuilder MapG4FWebClient(this IEndpointRouteBuilder endpoints, string prefix = "")
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var files = endpoints.ServiceProvider.GetService<WebClientFiles>()
            ?? throw new InvalidOperationException("Call services.AddG4FBackend(...) before MapG4FWebClient().");

        var group = endpoints.MapGroup(prefix ?? string.Empty);
        group.ExcludeFromDescription();
        WebClientEndpoints.Map(group, files);
        return group;
    }
}
