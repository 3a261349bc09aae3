using System.Text;

namespace G4F.Backend.Documents;

/// <summary>Small markdown building blocks shared by the converters.</summary>
internal static class MarkdownText
{
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
