using G4F.Backend.Requests;
using G4F.Backend.Storage;

namespace G4F.Backend.Media;

/// <summary>
/// The media library for a host (PROTOCOL 7.3, 7.4): stored media, their thumbnails, and the search over them. A missing
/// file with a source URL is fetched through the safe downloader, never redirected to (14.4).
/// </summary>
public sealed class MediaService
{
    private readonly MediaUrlFallback _files;
    private readonly MediaSearch _search;

    internal MediaService(MediaUrlFallback files, MediaSearch search)
    {
        _files = files;
        _search = search;
    }

    /// <summary>
    /// The media file <paramref name="name"/> (sanitised here: it cannot leave the library), or its thumbnail; when it is not
    /// stored, a copy fetched from <paramref name="url"/>.
    /// </summary>
    /// <param name="name">The file name as the client sent it.</param>
    /// <param name="thumbnail">Whether the thumbnail is wanted (created once; the full file when there is none).</param>
    /// <param name="url">The <c>?url=</c> fallback; empty for none.</param>
    /// <param name="serverOrigin">This server's origin (<c>scheme://host[:port]</c>): URLs with it are never fetched.</param>
    /// <param name="cancellationToken">Cancels the open or the fetch.</param>
    /// <returns>The opened file, or the refusal (not found).</returns>
    public async Task<ServiceResult<StoredFile>> OpenAsync(string name, bool thumbnail, string url, string? serverOrigin, CancellationToken cancellationToken = default)
    {
        var blob = await _files.OpenAsync(name, thumbnail, url ?? string.Empty, serverOrigin, cancellationToken).ConfigureAwait(false);
        return blob is null ? RequestRefusal.NotFound("File not found") : MediaFiles.Of(blob, SafeName.Sanitize(name));
    }

    /// <summary>
    /// Finds a stored media file by type and words (PROTOCOL 7.4) and answers its local URL: the match at
    /// <paramref name="skip"/> (newest first), or one picked by <paramref name="random"/>.
    /// </summary>
    /// <param name="search">The terms, joined by <c>+</c>; the first may name a type (<c>image</c>).</param>
    /// <param name="minScore">How many terms must hit; null for all of them.</param>
    /// <param name="skip">The index of the match; not negative.</param>
    /// <param name="random">Empty for none; <c>true</c>/<c>1</c> picks freshly, anything else is a seed.</param>
    /// <param name="mediaBase">The escaped mount prefix the URL starts with, <c>""</c> or e.g. <c>/g4f</c>.</param>
    /// <param name="cancellationToken">Cancels the search.</param>
    /// <returns>The URL (<c>&lt;mediaBase&gt;/media/&lt;name&gt;</c>), or the refusal (not found).</returns>
    public async Task<ServiceResult<string>> FindAsync(string search, int? minScore, int skip, string random, string mediaBase, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(skip);
        var matches = await _search.FindAsync(search, minScore, cancellationToken).ConfigureAwait(false);
        if (skip >= matches.Count)
        {
            return RequestRefusal.NotFound("Not found");
        }

        var file = string.IsNullOrEmpty(random) ? matches[skip] : MediaSearch.Pick(matches, random);
        return MediaUrls.Local(mediaBase, "media", file, source: null);
    }
}
