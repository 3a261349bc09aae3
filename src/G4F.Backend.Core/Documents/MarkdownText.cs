using System.Text;

namespace G4F.Backend.Documents;

/// <summary>Small markdown building blocks shared by the converters.</summary>
internal static class MarkdownText
{
    /// <summary>A hard line break: a backslash before the newline survives editors that trim trailing spaces.</summary>
    public const string HardBreak = "\\\n";

    /// <summary>A code span that survives backticks inside the code.</summary>
    public static string CodeSpan(string code)
    {
        var run = LongestRun(code, '`');
        var fence = new string('`', run + 1);
        var pad = code.StartsWith('`') || code.EndsWith('`') ? " " : string.Empty;
        return fence + pad + code + pad + fence;
    }

    /// <summary>A fence for a code block longer than any backtick run in <paramref name="content"/> (at least three).</summary>
    public static string Fence(string content) => new('`', Math.Max(3, LongestRun(content, '`') + 1));

    /// <summary>
    /// Escapes the characters that would start emphasis, code, links or raw HTML in ordinary text (a document's
    /// <c>&lt;script&gt;</c> must stay text in the markdown).
    /// </summary>
    public static void AppendEscaped(StringBuilder builder, string text)
    {
        foreach (var c in text)
        {
            if (c is '\\' or '*' or '_' or '`' or '[' or ']' or '<')
            {
                builder.Append('\\');
            }

            builder.Append(c);
        }
    }

    /// <summary>The text with <see cref="AppendEscaped"/> applied, for a table cell or a line of plain text.</summary>
    public static string Escape(string text)
    {
        var builder = new StringBuilder(text.Length + 8);
        AppendEscaped(builder, text);
        return builder.ToString();
    }

    /// <summary>
    /// Joins the lines of one paragraph (already inline-escaped markdown): each is trimmed, empty ones are dropped,
    /// and a line that would start a block (<c># </c>, <c>&gt;</c>, <c>- </c>, <c>1. </c>, <c>---</c>...) is escaped.
    /// </summary>
    /// <param name="lines">The lines.</param>
    /// <param name="separator">What goes between lines: <c>"\n"</c> for a soft break, <see cref="HardBreak"/> to keep them apart.</param>
    public static string JoinLines(IEnumerable<string> lines, string separator)
    {
        var builder = new StringBuilder();
        foreach (var raw in lines)
        {
            var line = raw.Trim();
            if (line.Length == 0)
            {
                continue;
            }

            if (builder.Length > 0)
            {
                builder.Append(separator);
            }

            AppendProtected(builder, line);
        }

        return builder.ToString();
    }

    /// <summary><see cref="JoinLines"/> over the lines of <paramref name="text"/> with hard breaks, continuation lines indented by <paramref name="indent"/>.</summary>
    public static string HardBreaks(string text, string indent = "") =>
        JoinLines(text.ReplaceLineEndings("\n").Split('\n'), HardBreak + indent);

    /// <summary>
    /// A URL for a markdown link or image destination: spaces, parentheses, angle brackets, backslashes and control
    /// characters are percent-encoded, so <c>Foo_(bar)</c> or a URL with a line break still ends where it should.
    /// </summary>
    public static string LinkUrl(string url)
    {
        var builder = new StringBuilder(url.Length + 8);
        foreach (var c in url)
        {
            if (c is ' ' or '(' or ')' or '<' or '>' or '\\' || char.IsControl(c))
            {
                builder.Append('%').Append(((int)c & 0xFF).ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            }
            else
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }

    // A backslash in front of what would make the line a heading, quote, list item, setext underline or fence.
    private static void AppendProtected(StringBuilder builder, string line)
    {
        var escapeAt = line[0] switch
        {
            '#' => IsAtxHeading(line) ? 0 : -1,
            '>' => 0,
            '-' or '+' or '=' => line.Length == 1 || line[1] is ' ' or '\t' || IsUnderline(line) ? 0 : -1,
            '~' => line.StartsWith("~~~", StringComparison.Ordinal) ? 0 : -1,
            >= '0' and <= '9' => OrderedMarker(line),
            _ => -1,
        };
        if (escapeAt < 0)
        {
            builder.Append(line);
            return;
        }

        builder.Append(line, 0, escapeAt).Append('\\').Append(line, escapeAt, line.Length - escapeAt);
    }

    private static bool IsAtxHeading(string line)
    {
        var hashes = 0;
        while (hashes < line.Length && line[hashes] == '#')
        {
            hashes++;
        }

        return hashes <= 6 && (hashes == line.Length || line[hashes] is ' ' or '\t');
    }

    // "---", "- - -", "===": a setext underline or thematic break.
    private static bool IsUnderline(string line) => line.Replace(" ", string.Empty, StringComparison.Ordinal).Trim(line[0]).Length == 0;

    // "12. " or "3)" at the start: the index of the '.' or ')' to escape, or -1.
    private static int OrderedMarker(string line)
    {
        var digits = 0;
        while (digits < line.Length && char.IsAsciiDigit(line[digits]))
        {
            digits++;
        }

        return digits <= 9 && digits < line.Length && line[digits] is '.' or ')' && (digits + 1 == line.Length || line[digits + 1] is ' ' or '\t') ? digits : -1;
    }

    /// <summary>
    /// Wraps <paramref name="text"/> in an emphasis marker, keeping its outer whitespace outside the markers
    /// (<c>** bold**</c> would not render as bold).
    /// </summary>
    public static void AppendEmphasis(StringBuilder builder, string text, string marker)
    {
        var start = 0;
        var end = text.Length;
        while (start < end && char.IsWhiteSpace(text[start]))
        {
            start++;
        }

        while (end > start && char.IsWhiteSpace(text[end - 1]))
        {
            end--;
        }

        builder.Append(text, 0, start);
        if (end > start)
        {
            builder.Append(marker).Append(text, start, end - start).Append(marker);
        }

        builder.Append(text, end, text.Length - end);
    }

    /// <summary>Collapses runs of white space (line breaks included) into one space; outer spaces are kept as one space.</summary>
    public static string CollapseWhiteSpace(string text)
    {
        var builder = new StringBuilder(text.Length);
        var space = false;
        foreach (var c in text)
        {
            if (char.IsWhiteSpace(c) && c != '\u00a0')
            {
                space = true;
                continue;
            }

            if (space)
            {
                builder.Append(' ');
            }

            space = false;
            builder.Append(c);
        }

        if (space)
        {
            builder.Append(' ');
        }

        return builder.ToString();
    }

    /// <summary>Text to put on one line of a fenced-block info string or a heading: no line breaks, no backticks.</summary>
    public static string OneLine(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            builder.Append(char.IsControl(c) || c == '`' ? '_' : c);
        }

        return builder.ToString();
    }

    private static int LongestRun(string text, char c)
    {
        int longest = 0, current = 0;
        foreach (var ch in text)
        {
            current = ch == c ? current + 1 : 0;
            longest = Math.Max(longest, current);
        }

        return longest;
    }
}
