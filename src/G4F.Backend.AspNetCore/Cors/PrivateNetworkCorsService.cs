using Microsoft.AspNetCore.Cors.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace G4F.Backend.AspNetCore.Cors;

/// <summary>
/// The framework's CORS service, plus Chrome's Private Network Access answer: a preflight of the backend's policy that
/// carries <c>Access-Control-Request-Private-Network: true</c> from an allowed origin gets
/// <c>Access-Control-Allow-Private-Network: true</c>, so a public page (the hosted client) can reach a server on this
/// machine or network. A refused origin, or another policy of the host, never gets it.
/// </summary>
internal sealed class PrivateNetworkCorsService(CorsService inner, IOptions<CorsOptions> options) : ICorsService
{
    private const string RequestHeader = "Access-Control-Request-Private-Network";
    private const string AllowHeader = "Access-Control-Allow-Private-Network";
    private static readonly object GrantedKey = new();

    public CorsResult EvaluatePolicy(HttpContext context, CorsPolicy policy)
    {
        var result = inner.EvaluatePolicy(context, policy);
        if (result.IsPreflightRequest && result.IsOriginAllowed
            && ReferenceEquals(policy, options.Value.GetPolicy(G4FBackendCors.PolicyName))
            && string.Equals(context.Request.Headers[RequestHeader], "true", StringComparison.OrdinalIgnoreCase))
        {
            context.Items[GrantedKey] = true;
        }

        return result;
    }

    public void ApplyResult(CorsResult result, HttpResponse response)
    {
        inner.ApplyResult(result, response);
        if (result.IsOriginAllowed && response.HttpContext.Items.ContainsKey(GrantedKey))
        {
            response.Headers[AllowHeader] = "true";
        }
    }
}
