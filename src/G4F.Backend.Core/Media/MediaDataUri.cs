using System.Net;
using G4F.Backend.Downloads;

namespace G4F.Backend.Media;

/// <summary>
/// Decodes a <c>data:</c> URI of generated media (PROTOCOL 7.2 step 1) under the same rules a downloaded body meets:
/// size capped, and a media type, or octet-stream (or none) with media magic bytes.
/// </summary>
internal static class MediaDataUri
{
    /// <summary>Writes the decoded body to <paramref name="destination"/> and returns its media type.</summary>
    /// <exception cref="DownloadException">The URI is malformed, too large or not media.</exception>
    public static async Task<string> DecodeAsync(string uri, Stream destination, long maxBytes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(uri);
        ArgumentNullException.ThrowIfNull(destination);
        var comma = uri.IndexOf(',', StringComparison.Ordinal);
        if (!uri.StartsWith("data:", StringComparison.OrdinalIgnoreCase) || comma < 0)
        {
            throw new DownloadException(DownloadFailure.Unsafe, "The data URI is malformed.");
        }

        var header = uri[5..comma].Split(';', StringSplitOptions.TrimEntries);
        var base64 = header.Skip(1).Any(p => p.Equals("base64", StringComparison.OrdinalIgnoreCase));
        var payload = uri.AsSpan(comma + 1);

        // Base64 is four characters per three bytes: refuse before decoding anything too large.
        if ((base64 ? payload.Length / 4 * 3 : payload.Length) > maxBytes)
        {
            throw new DownloadException(DownloadFailure.TooLarge, "The data URI is too large.");
        }

        byte[] body;
        try
        {
            body = base64 ? Convert.FromBase64String(payload.ToString()) : System.Text.Encoding.UTF8.GetBytes(WebUtility.UrlDecode(payload.ToString()));
        }
        catch (FormatException)
        {
            throw new DownloadException(DownloadFailure.Unsafe, "The data URI is malformed.");
        }

        if (body.Length > maxBytes)
        {
            throw new DownloadException(DownloadFailure.TooLarge, "The data URI is too large.");
        }

        var declared = header[0].ToLowerInvariant();
        var type = MediaTypes.ExtensionFor(declared) is not null ? declared
            : declared is "" or "application/octet-stream" ? MediaSniffer.Sniff(body.AsSpan(0, Math.Min(body.Length, MediaSniffer.HeaderLength)))
            : null;
        if (type is null)
        {
            throw new DownloadException(DownloadFailure.NotMedia, "The content is not image, audio or video.");
        }

        await destination.WriteAsync(body, cancellationToken).ConfigureAwait(false);
        return type;
    }
}
