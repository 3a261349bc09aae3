using G4F.Backend.Storage;

namespace G4F.Backend.Downloads;

/// <summary>The file name a download suggests: the server's <c>Content-Disposition</c>, else the URL's last path segment.</summary>
internal static class DownloadFileName
{
    public static string? Suggest(HttpResponseMessage response, Uri finalUrl)
    {
        var disposition = response.Content.Headers.ContentDisposition;
        var fromHeader = LastSegment(disposition?.FileNameStar ?? disposition?.FileName?.Trim('"'));
        if (SafeName.TrySanitize(fromHeader, out var name))
        {
            return name;
        }

        // Still percent-encoded: SafeName's own decoding is the one decode it needs.
        return SafeName.TrySanitize(LastSegment(finalUrl.AbsolutePath), out name) ? name : null;
    }

    private static string? LastSegment(string? path)
    {
        if (string.IsNullOrEmpty(path))
        {
            return null;
        }

        var slash = path.LastIndexOfAny(['/', '\\']);
        return slash < 0 ? path : path[(slash + 1)..];
    }
}
