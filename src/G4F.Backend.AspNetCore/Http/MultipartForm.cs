using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace G4F.Backend.AspNetCore.Http;

/// <summary>The pieces of a streamed <c>multipart/form-data</c> upload the upload routes share (buckets, cookies).</summary>
internal static class MultipartForm
{
    /// <summary>The most bytes of headers one part may carry (the reader's own default, set so body limits can count on it).</summary>
    public const int MaxPartHeaderBytes = 16 * 1024;

    /// <summary>The longest boundary accepted.</summary>
    public const int MaxBoundaryLength = 200;

    /// <summary>The boundary of a <c>multipart/form-data</c> content type, or null for any other type or an unusable boundary.</summary>
    public static string? Boundary(string? contentType)
    {
        if (!MediaTypeHeaderValue.TryParse(contentType, out var mediaType)
            || !mediaType.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var boundary = HeaderUtilities.RemoveQuotes(mediaType.Boundary).Value;
        return string.IsNullOrWhiteSpace(boundary) || boundary.Length > MaxBoundaryLength ? null : boundary;
    }

    /// <summary>A reader of <paramref name="request"/>'s parts with the part header limit the body limits count on.</summary>
    public static MultipartReader Reader(HttpRequest request, string boundary) =>
        new(boundary, request.Body) { HeadersLengthLimit = MaxPartHeaderBytes };

    /// <summary>The file name the client gave a part (<c>filename*</c> first), before sanitising; null when there is none.</summary>
    public static string? ClientFileName(ContentDispositionHeaderValue disposition) =>
        disposition.FileNameStar.HasValue ? disposition.FileNameStar.Value : HeaderUtilities.RemoveQuotes(disposition.FileName).Value;
}
