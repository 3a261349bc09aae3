using System.Buffers;

namespace G4F.Backend.WebClient;

/// <summary>
/// The relative paths a web client request may name: under <c>chat/</c> or <c>dist/</c>, segments of letters, digits,
/// <c>.</c>, <c>-</c> and <c>_</c> that do not start with a dot, bounded in length and depth. Everything else (<c>..</c>,
/// encoded separators, absolute paths, hidden files, very long paths) names no file.
/// </summary>
internal static class WebClientPath
{
    /// <summary>Longest relative path accepted, in characters.</summary>
    public const int MaxLength = 256;

    private const int MaxSegments = 8;
    private static readonly SearchValues<char> SegmentChars =
        SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-");

    /// <summary>Whether <paramref name="path"/> (<c>chat/index.html</c>) is a path the client may ask for.</summary>
    public static bool IsValid(string? path)
    {
        if (string.IsNullOrEmpty(path) || path.Length > MaxLength)
        {
            return false;
        }

        var segments = path.Split('/');
        if (segments.Length is < 2 or > MaxSegments || segments[0] is not ("chat" or "dist"))
        {
            return false;
        }

        // A dot first rules out ".", ".." and hidden files (".env", ".git").
        return segments.All(segment => segment.Length > 0 && segment[0] != '.' && segment.AsSpan().IndexOfAnyExcept(SegmentChars) < 0);
    }

    /// <summary>
    /// The absolute path of <paramref name="relative"/> under <paramref name="root"/>, or null when it would leave the
    /// root: the syntax check is the first line of defence, this is the last.
    /// </summary>
    public static string? Under(string root, string relative)
    {
        var fullRoot = Path.TrimEndingDirectorySeparator(Path.GetFullPath(root)) + Path.DirectorySeparatorChar;
        var full = Path.GetFullPath(Path.Join(fullRoot, relative));
        return full.StartsWith(fullRoot, StringComparison.Ordinal) ? full : null;
    }
}
