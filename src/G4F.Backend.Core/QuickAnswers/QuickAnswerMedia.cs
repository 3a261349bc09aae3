using G4F.Backend.Conversations;
using G4F.Backend.Events;
using G4F.Backend.Media;

namespace G4F.Backend.QuickAnswers;

/// <summary>
/// The media answers of <c>/create</c> (PROTOCOL 4): a remote item redirected to, a stored file served, several items
/// stored and listed under the mount prefix, spoken audio; cached as root paths, so the cache does not depend on the mount.
/// </summary>
internal sealed class QuickAnswerMedia(QuickAnswerCache cache, MediaLibrary media, MediaDownloadStep downloads)
{
    public const string MediaPath = "/media/";

    /// <summary>The answer a cached media entry (one root path or URL a line) gives under <paramref name="mediaBase"/>.</summary>
    /// <remarks>One stored item (or remote URL) is a redirect; several are listed one per line, each under the mount prefix.</remarks>
    public static QuickAnswer Located(string lines, string mediaBase)
    {
        var urls = lines.Split('\n');
        var located = urls.Select(u => u.StartsWith(MediaPath, StringComparison.Ordinal) ? mediaBase + u : u).ToArray();
        return located.Length == 1 && (IsRemote(located[0]) || urls[0].StartsWith(MediaPath, StringComparison.Ordinal))
            ? new RedirectAnswer(located[0])
            : new TextAnswer(string.Join('\n', located));
    }

    /// <summary>The answer whose first content names media (<see cref="ContentEvent.Urls"/>).</summary>
    public async Task<QuickAnswer> StoredAsync(ContentEvent first, MediaDownloadContext context, string? key, string mediaBase, CancellationToken cancellationToken)
    {
        if (first.Urls!.Count == 1 && key is null)
        {
            // One item, no cache: the original hands it out where it is, without storing it.
            return await SingleAsync(first.Urls[0], cancellationToken).ConfigureAwait(false);
        }

        // Stored under the root's paths (the cache must not depend on the mount); the prefix is added to the answer.
        var stored = await downloads.RewriteAsync(first, context, cancellationToken).ConfigureAwait(false);
        var text = string.Join('\n', stored.Urls ?? first.Urls);
        if (key is not null)
        {
            await cache.StoreAsync(key, new CachedAnswer(text, IsMedia: true), cancellationToken).ConfigureAwait(false);
        }

        return Located(text, mediaBase);
    }

    /// <summary>The answer whose first content is audio data (a provider that speaks itself).</summary>
    public async Task<QuickAnswer> AudioDataAsync(string audio, string? key, CancellationToken cancellationToken)
    {
        if (key is not null && audio.StartsWith(MediaPath, StringComparison.Ordinal))
        {
            await cache.StoreAsync(key, new CachedAnswer(audio, IsMedia: true), cancellationToken).ConfigureAwait(false);
        }

        return await SingleAsync(audio, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The answer spoken into the stored file <paramref name="name"/>: the file itself, or a redirect to it when cached.</summary>
    public async Task<QuickAnswer> SpokenAsync(string name, string? key, string mediaBase, CancellationToken cancellationToken)
    {
        if (key is null)
        {
            return (QuickAnswer?)await FileAsync(name, cancellationToken).ConfigureAwait(false) ?? new TextAnswer(MediaPath + name);
        }

        await cache.StoreAsync(key, new CachedAnswer(MediaPath + name, IsMedia: true), cancellationToken).ConfigureAwait(false);
        return new RedirectAnswer(mediaBase + MediaPath + name);
    }

    /// <summary>A stored file is served itself, a remote URL redirected to, anything else (a data URI) answered as text.</summary>
    private async Task<QuickAnswer> SingleAsync(string url, CancellationToken cancellationToken)
    {
        if (MediaUrls.NameOf(url, string.Empty) is { } name && await FileAsync(name, cancellationToken).ConfigureAwait(false) is { } file)
        {
            return file;
        }

        return IsRemote(url) ? new RedirectAnswer(url) : new TextAnswer(url);
    }

    private async Task<MediaFileAnswer?> FileAsync(string name, CancellationToken cancellationToken) =>
        MediaLibrary.TryName(name, out var stored) && await media.OpenAsync(stored, thumbnail: false, cancellationToken).ConfigureAwait(false) is { } blob
            ? new MediaFileAnswer(stored, blob)
            : null;

    private static bool IsRemote(string url) =>
        url.StartsWith("https://", StringComparison.OrdinalIgnoreCase) || url.StartsWith("http://", StringComparison.OrdinalIgnoreCase);
}
