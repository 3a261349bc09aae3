using System.Globalization;
using System.Text;

namespace G4F.Backend.Memory;

/// <summary>
/// Turns a user's search text into an FTS5 MATCH expression without ever passing the user's syntax through:
/// the text is split into words here, each word is written as a quoted FTS5 string, and only this class
/// adds operators (<c>OR</c>) and prefix stars.
/// </summary>
/// <remarks>
/// Words are runs of letters, digits and private-use characters, the characters FTS5's unicode61 tokenizer
/// keeps; everything else separates words. <c>word*</c> is a prefix query (2 or more characters; a single
/// character is searched as a word). Text between double quotes is a phrase; <c>"a phrase"*</c> makes its last
/// word a prefix; an unclosed quote runs to the end. All parts are alternatives (OR) and BM25 ranks items that
/// match more of them, or rarer ones, first.
/// </remarks>
internal static class FtsQuery
{
    /// <summary>At most this many parts (words and phrases) are searched; the rest of the text is ignored.</summary>
    public const int MaxParts = 32;

    /// <summary>At most this many words make one phrase.</summary>
    public const int MaxPhraseWords = 16;

    /// <summary>The MATCH expression for <paramref name="text"/>, or null when it has no words.</summary>
    public static string? Build(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parts = new List<string>();
        var words = new List<string>();
        var index = 0;
        while (index < text.Length && parts.Count < MaxParts)
        {
            if (text[index] == '"')
            {
                var close = text.IndexOf('"', index + 1);
                var end = close < 0 ? text.Length : close;
                words.Clear();
                Tokenize(text.AsSpan(index + 1, end - index - 1), words);
                index = close < 0 ? text.Length : close + 1;
                var prefix = index < text.Length && text[index] == '*';
                if (words.Count > 0)
                {
                    var phrase = words.Take(MaxPhraseWords).ToList();
                    Add(parts, Quote(string.Join(' ', phrase)) + (prefix && phrase[^1].Length >= 2 ? "*" : string.Empty));
                }

                continue;
            }

            var wordEnd = NextWord(text, index, out var start);
            if (wordEnd < 0)
            {
                // Only separators up to the next quote (or the end).
                index = start;
                continue;
            }

            var word = text[start..wordEnd];
            var isPrefix = wordEnd < text.Length && text[wordEnd] == '*';
            Add(parts, Quote(word) + (isPrefix && word.Length >= 2 ? "*" : string.Empty));
            index = wordEnd;
        }

        return parts.Count == 0 ? null : string.Join(" OR ", parts);
    }

    /// <summary>Appends the words of <paramref name="text"/> (no quotes in it) to <paramref name="words"/>.</summary>
    internal static void Tokenize(ReadOnlySpan<char> text, List<string> words)
    {
        var word = new StringBuilder();
        foreach (var rune in text.EnumerateRunes())
        {
            if (IsWordRune(rune))
            {
                word.Append(rune.ToString());
            }
            else if (word.Length > 0)
            {
                words.Add(word.ToString());
                word.Clear();
            }
        }

        if (word.Length > 0)
        {
            words.Add(word.ToString());
        }
    }

    /// <summary>
    /// Finds the next word from <paramref name="index"/> before any quote: returns its end and sets
    /// <paramref name="start"/>, or returns -1 with <paramref name="start"/> at the quote or the end.
    /// </summary>
    private static int NextWord(string text, int index, out int start)
    {
        var i = index;
        start = -1;
        while (i < text.Length && text[i] != '"')
        {
            // A lone surrogate decodes as U+FFFD, a separator, instead of throwing.
            Rune.DecodeFromUtf16(text.AsSpan(i), out var rune, out var length);
            if (IsWordRune(rune))
            {
                start = start < 0 ? i : start;
            }
            else if (start >= 0)
            {
                return i;
            }

            i += length;
        }

        if (start >= 0)
        {
            return i;
        }

        start = i;
        return -1;
    }

    private static bool IsWordRune(Rune rune) => Rune.GetUnicodeCategory(rune) switch
    {
        UnicodeCategory.UppercaseLetter or UnicodeCategory.LowercaseLetter or UnicodeCategory.TitlecaseLetter
            or UnicodeCategory.ModifierLetter or UnicodeCategory.OtherLetter
            or UnicodeCategory.DecimalDigitNumber or UnicodeCategory.LetterNumber or UnicodeCategory.OtherNumber
            or UnicodeCategory.PrivateUse => true,
        _ => false,
    };

    /// <summary>An FTS5 string: inside double quotes nothing is an operator; a quote is written twice.</summary>
    internal static string Quote(string value) => "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    private static void Add(List<string> parts, string part)
    {
        if (!parts.Contains(part))
        {
            parts.Add(part);
        }
    }
}
