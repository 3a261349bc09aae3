using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace G4F.Backend.AspNetCore.Http;

/// <summary>The start of a response whose chunks must reach the client as they are written: no proxy buffering, no compression.</summary>
internal static class UnbufferedResponse
{
    /// <summary>Sets status 200, <paramref name="contentType"/> and the headers that keep every layer from holding chunks back.</summary>
    public static void Start(HttpContext httpContext, string contentType)
    {
        var response = httpContext.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = contentType;
        response.Headers.CacheControl = "no-cache";
        response.Headers["X-Accel-Buffering"] = "no";

        // Compression would hold chunks back in the compressor; a response that already names its
        // encoding is one the response-compression middleware leaves alone.
        response.Headers.ContentEncoding = "identity";
        httpContext.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
    }
}
