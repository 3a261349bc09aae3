using System.Text;

namespace G4F.Backend.PostgreSql.Memory;

/// <summary>
/// Turns a user's search text into <c>tsquery</c> text without ever passing the user's syntax through: the text is split
/// into words by <see cref="MemoryWords"/>, each written as a quoted lexeme, and only this class adds operators. The
/// query language is the embedded store's: <c>word*</c> is a prefix (2 or more characters), <c>"a phrase"</c> a phrase
/// (<c>"a phrase"*</c> makes its last word a prefix, an unclosed quote runs to the end); all parts are alternatives and
/// the rank puts items matching more of them first. Every lexeme carries the user's key, as the user's vectors do.
/// </summary>
internal static class MemoryQuery
{
    /// <summary>At most this many parts (words and phrases) are searched; the rest of the text is ignored.</summary>
    public const int MaxParts = 32;

    /// <summary>At most this many words make one phrase.</summary>
    public const int MaxPhraseWords = 16;

    /// <summary>The alternatives of <paramref name="text"/> as tsquery text (<c>a | b:* | (c &lt;-&gt; d)</c>, each lexeme prefixed with <paramref name="userKey"/>), or null when it has no words.</summary>
    public static MemoryQueryText? Build(string text, string userKey)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(userKey);
        var parts = new List<string>();
        var lexemes = new List<string[]>();
        var words = new List<string>();
        var index = 0;
        while (index < text.Length && parts.Count < MaxParts)
        {
            int end;
            if (text[index] == '"')
            {
                var close = text.IndexOf('"', index + 1);
                end = close < 0 ? text.Length : close;
                words.Clear();
                MemoryWords.Split(text.AsSpan(index + 1, end - index - 1), words);
                index = close < 0 ? text.Length : close + 1;
                var prefix = index < text.Length && text[index] == '*';
                if (words.Count > 0)
                {
                    var phrase = words.Take(MaxPhraseWords).ToList();
                    Add(parts, lexemes, Phrase(phrase, prefix, userKey), [.. phrase.Select((w, i) => Keyed(w, prefix && i == phrase.Count - 1, userKey))]);
                }

                continue;
            }

            end = WordEnd(text, index, out var start);
            if (end < 0)
            {
                index = start;
                continue;
            }

            // One run of word characters may still normalise to no lexeme (too long): then it is skipped.
            words.Clear();
            MemoryWords.Split(text.AsSpan(start, end - start), words);
            if (words.Count == 1)
            {
                var isPrefix = end < text.Length && text[end] == '*';
                Add(parts, lexemes, Lexeme(words[0], isPrefix, userKey), [Keyed(words[0], isPrefix, userKey)]);
            }

            index = end;
        }

        return parts.Count == 0 ? null : new MemoryQueryText(string.Join(" | ", parts), lexemes);
    }

    // The lexeme as the estimate looks it up (a prefix ends in '*'), by the same prefix rule as the tsquery's.
    private static string Keyed(string word, bool prefix, string userKey) =>
        userKey + word + (IsPrefix(word, prefix) ? "*" : string.Empty);

    private static string Lexeme(string word, bool prefix, string userKey) =>
        MemoryWords.Quote(userKey + word) + (IsPrefix(word, prefix) ? ":*" : string.Empty);

    // A prefix of one character would match nearly every lexeme of the user: such a word is searched as a whole word.
    private static bool IsPrefix(string word, bool prefix) => prefix && word.Length >= 2;

    private static string Phrase(List<string> words, bool prefix, string userKey)
    {
        if (words.Count == 1)
        {
            return Lexeme(words[0], prefix, userKey);
        }

        var phrase = new StringBuilder("(");
        for (var i = 0; i < words.Count; i++)
        {
            phrase.Append(i == 0 ? string.Empty : " <-> ").Append(Lexeme(words[i], prefix && i == words.Count - 1, userKey));
        }

        return phrase.Append(')').ToString();
    }

    /// <summary>The end of the next word from <paramref name="index"/> before any quote, or -1 with <paramref name="start"/> at the quote or the end.</summary>
    private static int WordEnd(string text, int index, out int start)
    {
        var i = index;
        start = -1;
        while (i < text.Length && text[i] != '"')
        {
            // A lone surrogate decodes as U+FFFD, a separator, instead of throwing.
            Rune.DecodeFromUtf16(text.AsSpan(i), out var rune, out var length);
            if (MemoryWords.IsWordPart(rune, start >= 0))
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

    private static void Add(List<string> parts, List<string[]> lexemes, string part, string[] keyed)
    {
        if (!parts.Contains(part))
        {
            parts.Add(part);
            lexemes.Add(keyed);
        }
    }
}
