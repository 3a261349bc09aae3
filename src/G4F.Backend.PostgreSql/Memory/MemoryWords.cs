using System.Globalization;
using System.Text;

namespace G4F.Backend.PostgreSql.Memory;

/// <summary>
/// The word rules of the memory search, the embedded store's (FTS5 unicode61 with <c>remove_diacritics 2</c>): a word is
/// a run of letters, digits and private-use characters; it is compared lower-cased and without diacritics. Items and
/// queries are split by this one class, so PostgreSQL's language-specific parser never decides what a word is.
/// </summary>
internal static class MemoryWords
{
    /// <summary>PostgreSQL refuses lexemes of 2047 bytes or more, and each word's lexeme carries the user's key; no item or query keeps a longer word.</summary>
    public const int MaxWordBytes = 2046 - MemoryUser.KeyLength;

    /// <summary>Appends the normalised words of <paramref name="text"/> to <paramref name="words"/>.</summary>
    public static void Split(ReadOnlySpan<char> text, List<string> words)
    {
        var word = new StringBuilder();
        // A combining mark typed apart ("e" + U+0301) belongs to its letter: not a separator (Normalise drops it).
        foreach (var rune in text.EnumerateRunes())
        {
            if (IsWordPart(rune, word.Length > 0))
            {
                word.Append(rune.ToString());
            }
            else if (word.Length > 0)
            {
                AddWord(word, words);
            }
        }

        if (word.Length > 0)
        {
            AddWord(word, words);
        }
    }

    /// <summary>Whether <paramref name="rune"/> continues (or, outside a word, starts) a word.</summary>
    public static bool IsWordPart(Rune rune, bool inWord) =>
        IsWordRune(rune) || (inWord && Rune.GetUnicodeCategory(rune) is UnicodeCategory.NonSpacingMark);

    private static bool IsWordRune(Rune rune) => Rune.GetUnicodeCategory(rune) switch
    {
        UnicodeCategory.UppercaseLetter or UnicodeCategory.LowercaseLetter or UnicodeCategory.TitlecaseLetter
            or UnicodeCategory.ModifierLetter or UnicodeCategory.OtherLetter
            or UnicodeCategory.DecimalDigitNumber or UnicodeCategory.LetterNumber or UnicodeCategory.OtherNumber
            or UnicodeCategory.PrivateUse => true,
        _ => false,
    };

    /// <summary>A lexeme in tsvector/tsquery text: words hold no quote or backslash, the quotes only delimit.</summary>
    public static string Quote(string word) => "'" + word + "'";

    private const char TableStart = '\u00C0';

    // U+00C0 to U+024F lower-cased and without diacritics (the base letter of a canonical decomposition into a letter and marks).
    private const string Latin = "aaaaaa\u00E6ceeeeiiii\u00F0nooooo\u00D7\u00F8uuuuy\u00FE\u00DFaaaaaa\u00E6ceeeeiiii\u00F0nooooo\u00F7\u00F8uuuuy\u00FEyaaaaaaccccccccdd\u0111\u0111eeeeeeeeeegggggggghh\u0127\u0127iiiiiiiii\u0131\u0133\u0133jjkk\u0138llllll\u0140\u0140\u0142\u0142nnnnnn\u0149\u014B\u014Boooooo\u0153\u0153rrrrrrsssssssstttt\u0167\u0167uuuuuuuuuuuuwwyyyzzzzzz\u017F\u0180\u0253\u0183\u0183\u0185\u0185\u0254\u0188\u0188\u0256\u0257\u018C\u018C\u018D\u01DD\u0259\u025B\u0192\u0192\u0260\u0263\u0195\u0269\u0268\u0199\u0199\u019A\u019B\u026F\u0272\u019E\u0275oo\u01A3\u01A3\u01A5\u01A5\u0280\u01A8\u01A8\u0283\u01AA\u01AB\u01AD\u01AD\u0288uu\u028A\u028B\u01B4\u01B4\u01B6\u01B6\u0292\u01B9\u01B9\u01BA\u01BB\u01BD\u01BD\u01BE\u01BF\u01C0\u01C1\u01C2\u01C3\u01C6\u01C6\u01C6\u01C9\u01C9\u01C9\u01CC\u01CC\u01CCaaiioouuuuuuuuuu\u01DDaaaa\u01E3\u01E3\u01E5\u01E5ggkkoooo\u01EF\u01EFj\u01F3\u01F3\u01F3gg\u0195\u01BFnnaa\u01FD\u01FD\u01FF\u01FFaaaaeeeeiiiioooorrrruuuusstt\u021D\u021Dhh\u019E\u0221\u0223\u0223\u0225\u0225aaeeooooooooyy\u0234\u0235\u0236\u0237\u0238\u0239\u2C65\u023C\u023C\u019A\u2C66\u023F\u0240\u0242\u0242\u0180\u0289\u028C\u0247\u0247\u0249\u0249\u024B\u024B\u024D\u024D\u024F\u024F";

    private static void AddWord(StringBuilder word, List<string> words)
    {
        var normalised = Normalise(word.ToString());
        word.Clear();
        if (normalised.Length > 0 && Encoding.UTF8.GetByteCount(normalised) <= MaxWordBytes)
        {
            words.Add(normalised);
        }
    }

    private static string Normalise(string word)
    {
        var lower = word.ToLowerInvariant();
        if (lower.All(char.IsAscii))
        {
            return lower;
        }

        // "café" and "cafe" are one word, as in the embedded store. The process runs with invariant globalization, where
        // string.Normalize does not decompose, so the Latin letters with diacritics map through a table of their own
        // (made from Unicode's canonical decompositions), and combining marks typed separately are dropped.
        var kept = new StringBuilder(lower.Length);
        foreach (var c in lower)
        {
            if (c is >= TableStart and < (char)(TableStart + 400))
            {
                kept.Append(Latin[c - TableStart]);
            }
            else if (CharUnicodeInfo.GetUnicodeCategory(c) is not (UnicodeCategory.NonSpacingMark or UnicodeCategory.EnclosingMark))
            {
                kept.Append(c);
            }
        }

        return kept.ToString();
    }
}
