using G4F.Backend.FrontDoors;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace G4F.Backend.AspNetCore.OpenAI;

/// <summary>
/// The bearer token of a <c>/v1</c> request. Without server keys (<c>G4F:OpenAI:ApiKeys</c>) it is handed to the turn as
/// the caller's key (<see cref="G4F.Backend.Conversations.TurnInput.CallerKey"/>); Core decides where it may serve (a provider
/// without a configured key, when <c>G4F:AllowClientApiKeys</c> allows it). With server keys the token is the door's
/// key and never goes upstream.
/// </summary>
internal static class CallerKeys
{
    /// <summary>The token of <c>Authorization: Bearer &lt;token&gt;</c>; null without one.</summary>
    public static string? Bearer(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        const string Scheme = "Bearer ";
        return header.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase) && header.Length > Scheme.Length
            ? header[Scheme.Length..].Trim()
            : null;
    }

    /// <summary>The caller's own key for the turn: the bearer, unless it is the door's key; null without one.</summary>
    public static string? Of(HttpContext context) =>
        context.RequestServices.GetRequiredService<IOptions<OpenAIFrontDoorOptions>>().Value.ApiKeys.Count > 0
            ? null
            : Bearer(context.Request) is { Length: > 0 } bearer ? bearer : null;
}
