using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace G4F.Backend.AspNetCore.Http;

/// <summary>
/// A wrong method on a known route answers 405 with the JSON envelope and an <c>Allow</c> header
/// (routing alone would hand it to the 404 fallback). OPTIONS stays free for CORS preflight.
/// </summary>
internal static class MethodNotAllowedEndpoints
{
    private static readonly string[] Methods = [HttpMethods.Get, HttpMethods.Post, HttpMethods.Put, HttpMethods.Delete, HttpMethods.Patch];

    public static void MapMethodNotAllowed(this IEndpointRouteBuilder api, string pattern, params string[] allowed)
    {
        var others = Methods.Where(m => !allowed.Contains(m, StringComparer.OrdinalIgnoreCase)).ToArray();
        var allow = string.Join(", ", allowed);
        api.MapMethods(pattern, others, (HttpContext context) =>
        {
            context.Response.Headers.Allow = allow;
            return ErrorResults.Error(StatusCodes.Status405MethodNotAllowed, $"Method {context.Request.Method} is not allowed on this route; use {allow}");
        }).ExcludeFromDescription().DisableAntiforgery();
    }
}
