using System.Globalization;
using G4F.Backend.AspNetCore.Http;
using G4F.Backend.Media;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace G4F.Backend.AspNetCore.Media;

/// <summary>
/// <c>GET /search/{search}</c> (PROTOCOL 7.4), under the prefix root: 302 to <c>/media/&lt;file&gt;</c> of the match at
/// <c>skip</c> (or a random one), else 404 <c>Not found</c>.
/// </summary>
internal static class MediaSearchEndpoints
{
    private const string Pattern = "/search/{search}";

    public static void Map(IEndpointRouteBuilder group)
    {
        group.MapGet(Pattern, async Task<IResult> (string search, HttpContext context, MediaService media) =>
        {
            var query = context.Request.Query;
            if (!TryReadInteger(query["skip"].ToString(), out var skip) || skip < 0)
            {
                return ErrorResults.BadRequest("skip must be a non-negative integer");
            }

            int? min = null;
            if (query["min"].ToString() is { Length: > 0 } minText)
            {
                if (!TryReadInteger(minText, out var value))
                {
                    return ErrorResults.BadRequest("min must be an integer");
                }

                min = value;
            }

            var found = await media.FindAsync(search, min, skip, query["random"].ToString(), MountPath.Of(context), context.RequestAborted).ConfigureAwait(false);
            return found.IsRefused ? ErrorResults.From(found.Refusal) : Results.Redirect(found.Value);
        });

        group.MapMethodNotAllowed(Pattern, HttpMethods.Get);
    }

    private static bool TryReadInteger(string text, out int value)
    {
        value = 0;
        return text.Length == 0 || int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value);
    }
}
