using System.Security.Cryptography;
using System.Text;

namespace G4F.Backend.Media;

/// <summary>
/// The key of a <c>?url=</c> fallback's copy: <c>&lt;SHA-256 of the URL, hex&gt;_&lt;name&gt;</c> (at most 165 bytes for a
/// sanitised name of at most 100). Keyed by the URL as well as by the name, a copy is only ever served to a request naming
/// that same URL, whose caller could have fetched those bytes himself: whoever asks first for a missing name with a URL of
/// his choosing decides nothing about what that name serves to anyone else.
/// </summary>
internal static class FetchedCopyKey
{
    /// <summary>The copy of library media <paramref name="name"/>, or of a bucket's when <paramref name="bucketId"/> is given, fetched from <paramref name="url"/>.</summary>
    public static MediaKey For(string name, string url, string? bucketId = null) =>
        MediaKey.Fetched($"{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(url)))}_{name}", bucketId);
}
