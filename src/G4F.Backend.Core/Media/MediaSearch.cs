using System.Security.Cryptography;
using System.Text;
using G4F.Backend.Storage;

namespace G4F.Backend.Media;

/// <summary>
/// <c>GET /search/{search}</c> (PROTOCOL 7.4): finds a stored media file by type and words. Listed from the store on
/// every call (no stale cache), newest first by name (names start with the time).
/// </summary>
internal sealed class MediaSearch(IMediaStore store)
{
    /// <summary>
    /// The matching file names, newest first. <paramref name="search"/> is split on <c>+</c>; each term is lower-cased
    /// and sanitised. A file scores 1 when the first term is in its sanitised MIME type (<c>image_jpeg</c>) plus 1 for
    /// each other term in its lower-cased name; when the first term names no type, every term is a word. It matches
    /// when the score reaches <paramref name="minScore"/> (default: the number of terms, so every term must hit).
    /// </summary>
    public async Task<IReadOnlyList<string>> FindAsync(string search, int? minScore, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(search);
        var terms = search.Split('+').Select(t => SafeName.Sanitize(t.ToLowerInvariant())).Where(t => t.Length > 0).ToArray();
        var required = minScore ?? terms.Length;
        var matches = new List<string>();
        await foreach (var entry in store.ListAsync(MediaArea.Library, cancellationToken).ConfigureAwait(false))
        {
            var name = entry.Key.Name;
            if (MediaTypes.IsMedia(name) && Score(terms, name) >= required)
            {
                matches.Add(name);
            }
        }

        matches.Sort(StringComparer.Ordinal);
        matches.Reverse();
        return matches;
    }

    /// <summary>
    /// One of <paramref name="matches"/> chosen at random: a <paramref name="random"/> of <c>true</c>, <c>True</c> or
    /// <c>1</c> picks freshly, any other value is a seed (the same seed picks the same file from the same matches).
    /// </summary>
    public static string Pick(IReadOnlyList<string> matches, string random)
    {
        ArgumentNullException.ThrowIfNull(matches);
        if (random is "true" or "True" or "1")
        {
            return matches[Random.Shared.Next(matches.Count)];
        }

        // string.GetHashCode differs per process: a seed must pick the same file after a restart too.
        var seed = BitConverter.ToInt32(SHA256.HashData(Encoding.UTF8.GetBytes(random)));
        return matches[new Random(seed).Next(matches.Count)];
    }

    private static int Score(string[] terms, string name)
    {
        if (terms.Length == 0)
        {
            return 0;
        }

        var type = SafeName.Sanitize(MediaTypes.ContentTypeOf(name));
        var lower = name.ToLowerInvariant();
        var typed = type.Contains(terms[0], StringComparison.Ordinal);
        var words = typed ? terms.Skip(1) : terms;
        return (typed ? 1 : 0) + words.Count(w => lower.Contains(w, StringComparison.Ordinal));
    }
}
