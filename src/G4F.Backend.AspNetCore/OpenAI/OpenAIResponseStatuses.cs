using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;

namespace G4F.Backend.AspNetCore.OpenAI;

/// <summary>
/// The error statuses every route of the OpenAI front door can answer, whatever the route: a missing or wrong key with
/// <c>G4F:OpenAI:ApiKeys</c> (401) and a store that cannot be reached (503) or an unexpected failure (500), both from
/// <see cref="OpenAIGateFilter"/>. Described once for the group; each route declares what its own handler answers.
/// </summary>
internal static class OpenAIResponseStatuses
{
    private static readonly int[] EveryRoute = [StatusCodes.Status401Unauthorized, StatusCodes.Status500InternalServerError, StatusCodes.Status503ServiceUnavailable];

    /// <summary>
    /// The statuses of a route that runs a turn or a generation upstream, in OpenAI's error shape: a malformed body, an
    /// unknown provider or model, a body too large or not JSON, an upstream rate limit or any other upstream failure
    /// (401, 500 and 503 are every route's: <see cref="Describe"/>).
    /// </summary>
    public static RouteHandlerBuilder ProducesUpstreamErrors(this RouteHandlerBuilder route) => route
        .Produces<OpenAIErrorEnvelope>(StatusCodes.Status400BadRequest)
        .Produces<OpenAIErrorEnvelope>(StatusCodes.Status404NotFound)
        .Produces<OpenAIErrorEnvelope>(StatusCodes.Status413PayloadTooLarge)
        .Produces<OpenAIErrorEnvelope>(StatusCodes.Status415UnsupportedMediaType)
        .Produces<OpenAIErrorEnvelope>(StatusCodes.Status429TooManyRequests)
        .Produces<OpenAIErrorEnvelope>(StatusCodes.Status502BadGateway);

    public static void Describe(RouteGroupBuilder group) =>

        // Finally: after the route's own Produces, so a status it declared already is not declared twice.
        ((IEndpointConventionBuilder)group).Finally(builder =>
        {
            if (builder.Metadata.OfType<HttpMethodMetadata>().Any())
            {
                var declared = builder.Metadata.OfType<IProducesResponseTypeMetadata>().Select(m => m.StatusCode).ToHashSet();
                foreach (var status in EveryRoute.Where(s => !declared.Contains(s)))
                {
                    builder.Metadata.Add(new ProducesResponseTypeMetadata(status, typeof(OpenAIErrorEnvelope), ["application/json"]));
                }
            }
        });
}
