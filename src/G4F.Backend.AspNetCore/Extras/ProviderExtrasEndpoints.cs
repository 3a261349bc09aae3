using G4F.Backend.AspNetCore.Http;
using G4F.Backend.Routing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace G4F.Backend.AspNetCore.Extras;

/// <summary>
/// The provider-specific extras of PROTOCOL 12 in their compatible form: configured providers have no
/// quota API, no OAuth login and no plugins, and demo mode (the public key) is not offered (PROTOCOL 15).
/// The client ignores every non-200 answer of these routes.
/// </summary>
internal static class ProviderExtrasEndpoints
{
    public static void Map(IEndpointRouteBuilder root, IEndpointRouteBuilder api)
    {
        root.MapGet("/pa/providers", () => Results.Text("[]", "application/json"));
        root.MapMethodNotAllowed("/pa/providers", HttpMethods.Get);

        api.MapGet("/quota/{provider}", (string provider, CatalogService catalog) =>
            catalog.FindProvider(provider) is null
                ? NotFound(provider)
                : ErrorResults.Error(StatusCodes.Status500InternalServerError, "Provider doesn't support get_quota"));
        api.MapMethodNotAllowed("/quota/{provider}", HttpMethods.Get);

        // Parameters (action, device_code) are irrelevant: no configured provider has a login flow.
        api.MapMethods("/oauth/{provider}", [HttpMethods.Get, HttpMethods.Post], (string provider, CatalogService catalog) =>
            catalog.FindProvider(provider) is { } found
                ? ErrorResults.NotFound($"Provider {found.Name} does not support OAuth login")
                : NotFound(provider)).DisableAntiforgery();
        api.MapMethodNotAllowed("/oauth/{provider}", HttpMethods.Get, HttpMethods.Post);

        api.MapMethods("/public-key", [HttpMethods.Get, HttpMethods.Post], () =>
            ErrorResults.NotFound("Demo mode is not enabled; no public key is needed")).DisableAntiforgery();
        api.MapMethodNotAllowed("/public-key", HttpMethods.Get, HttpMethods.Post);
    }

    private static IResult NotFound(string provider) => ErrorResults.NotFound($"Provider with label '{provider}' not found");
}
