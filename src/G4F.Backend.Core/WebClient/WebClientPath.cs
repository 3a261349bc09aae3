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

    // As realpath(3) (Linux's SYMLOOP_MAX): more links than this on one path is a loop.
    private const int MaxLinks = 40;

    private static readonly char[] Separators = [Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar];
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
    /// root: by its text, or through a symbolic link (or junction) on the way below the root whose real path is outside
    /// the root's real path. The syntax check is the first line of defence, this is the last. A link that stays inside
    /// is followed; the root itself may be a link (<c>/srv/client</c> to <c>/opt/g4f.dev</c>).
    /// </summary>
    /// <remarks>
    /// Runs per request: one <c>readlink</c> per segment below the root (three for <c>dist/js/chat.v1.js</c>). Only when
    /// one of them is a link are the real paths of the file and of the root worked out, each time, so a root whose link
    /// is switched to another release is measured where it leads now. The path returned is the one asked for, not its
    /// real path: the content type goes by the name requested.
    /// </remarks>
    public static string? Under(string root, string relative)
    {
        var fullRoot = Path.TrimEndingDirectorySeparator(Path.GetFullPath(root)) + Path.DirectorySeparatorChar;
        var full = Path.GetFullPath(Path.Join(fullRoot, relative));
        if (!full.StartsWith(fullRoot, StringComparison.Ordinal))
        {
            return null;
        }

        for (var end = full.IndexOf(Path.DirectorySeparatorChar, fullRoot.Length); ; end = full.IndexOf(Path.DirectorySeparatorChar, end + 1))
        {
            switch (LinkTarget(end < 0 ? full : full[..end]))
            {
                case Link.Unreadable:
                    return null;
                case Link.Found:
                    return RealPath(fullRoot) is { } realRoot && RealPath(full) is { } real && IsBelow(real, realRoot) ? full : null;
            }

            if (end < 0)
            {
                return full;
            }
        }
    }

    private enum Link
    {
        None,
        Found,
        Unreadable,
    }

    private static bool IsBelow(string path, string root) =>
        path.StartsWith(Path.TrimEndingDirectorySeparator(root) + Path.DirectorySeparatorChar, StringComparison.Ordinal);

    private static Link LinkTarget(string path) => LinkTarget(path, out _);

    private static Link LinkTarget(string path, out string? target)
    {
        try
        {
            // readlink: null for anything that is not a link, a missing file included (File.Exists answers for that).
            target = new FileInfo(path).LinkTarget;
            return target is null ? Link.None : Link.Found;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            target = null;
            return Link.Unreadable;
        }
    }

    // What realpath(3) does, component by component, links in the targets followed too, with its loop bound: null for
    // a loop or a link that cannot be read. Components past a missing one are taken as they are.
    private static string? RealPath(string path)
    {
        var full = Path.GetFullPath(path);
        var current = Path.GetPathRoot(full)!;
        var pending = new Stack<string>();
        Push(pending, full[current.Length..]);
        var links = 0;
        while (pending.TryPop(out var part))
        {
            if (part is "" or ".")
            {
                continue;
            }

            if (part == "..")
            {
                current = Path.GetDirectoryName(current) ?? current;
                continue;
            }

            var next = Path.Join(current, part);
            switch (LinkTarget(next, out var target))
            {
                case Link.Unreadable:
                    return null;
                case Link.None:
                    current = next;
                    continue;
            }

            if (++links > MaxLinks)
            {
                return null;
            }

            // A relative target continues from the link's folder (current), an absolute one from its own root.
            if (Path.IsPathRooted(target))
            {
                current = Path.GetPathRoot(target)!;
                target = target![current.Length..];
            }

            Push(pending, target!);
        }

        return current;
    }

    private static void Push(Stack<string> pending, string path)
    {
        var parts = path.Split(Separators);
        for (var i = parts.Length - 1; i >= 0; i--)
        {
            pending.Push(parts[i]);
        }
    }
}
