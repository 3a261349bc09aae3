using G4F.Backend.FrontDoors;
using G4F.Backend.Providers;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace G4F.Backend.AspNetCore.OpenAI;

/// <summary>
/// The bearer token of a <c>/v1</c> request as the caller's own provider key. OpenAI SDKs always send one, usually a
/// dummy, so it is offered only to providers that have no configured key: it can never replace the server's key. The
/// router then applies <c>G4F:AllowClientApiKeys</c> (off: the token is never used) as for the g4f routes. With server keys
/// (<c>G4F:OpenAI:ApiKeys</c>) the token is the door's key and never goes upstream.
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

    /// <summary><paramref name="chat"/> with the caller's bearer as the key of every provider without a configured one.</summary>
    public static ChatRequest Apply(HttpContext context, ChatRequest chat)
    {
        var services = context.RequestServices;
        if (services.GetRequiredService<IOptions<OpenAIFrontDoorOptions>>().Value.ApiKeys.Count > 0
            || Bearer(context.Request) is not { Length: > 0 } bearer)
        {
            return chat;
        }

        var keys = ForProvidersWithoutKey(services, bearer);
        return keys.Count == 0 ? chat : chat with { ApiKeys = keys };
    }

    /// <summary>The bearer for each configured provider that has no key of its own.</summary>
    public static Dictionary<string, string> ForProvidersWithoutKey(IServiceProvider services, string bearer)
    {
        var configured = services.GetRequiredService<IOptions<G4FBackendOptions>>().Value.Providers;
        var keys = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, options) in configured)
        {
            if (string.IsNullOrWhiteSpace(options.ApiKey))
            {
                keys[name] = bearer;
            }
        }

        return keys;
    }
}
