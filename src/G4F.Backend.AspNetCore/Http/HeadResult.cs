using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace G4F.Backend.AspNetCore.Http;

/// <summary>
/// A result answered to HEAD: the status and headers it sets (its <c>Content-Length</c> included), without its body.
/// The file results leave the body out themselves, the text results do not; Kestrel drops a HEAD body, but not every
/// server does (the test server passes it on), so the body is written to nowhere here.
/// </summary>
internal sealed class HeadResult(IResult inner) : IResult
{
    public async Task ExecuteAsync(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        var body = httpContext.Features.GetRequiredFeature<IHttpResponseBodyFeature>();
        httpContext.Features.Set<IHttpResponseBodyFeature>(new StreamResponseBodyFeature(Stream.Null, body));
        try
        {
            await inner.ExecuteAsync(httpContext).ConfigureAwait(false);
        }
        finally
        {
            httpContext.Features.Set(body);
        }
    }
}
