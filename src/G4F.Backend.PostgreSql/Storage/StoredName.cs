using System.Globalization;
using System.Text;

namespace G4F.Backend.PostgreSql.Storage;

/// <summary>
/// The check a PostgreSQL store makes on the ids and names it is given, the embedded stores' (Core's internal
/// SafeName.IsConfined): not empty, at most 200 bytes of UTF-8, only the characters the sanitiser keeps (letters, digits,
/// <c>_ . , + -</c>), neither starting nor ending with a dot. Names only ever travel as query parameters, so this is not
/// path safety: it keeps a name that works here working on files, and refuses what no sanitiser produces.
/// </summary>
internal static class StoredName
{
    private const int MaxUtf8Bytes = 200;

    public static string Checked(string? name, string parameter) =>
        IsConfined(name) ? name! : throw new ArgumentException("A stored name must be a non-empty sanitised name (PROTOCOL 1.6).", parameter);

    public static bool IsConfined(string? name)
    {
        if (string.IsNullOrEmpty(name) || name[0] == '.' || name[^1] == '.' || Encoding.UTF8.GetByteCount(name) > MaxUtf8Bytes)
        {
            return false;
        }

        foreach (var rune in name.EnumerateRunes())
        {
            if (!IsKept(rune))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsKept(Rune rune) =>
        rune.Value is '_' or '.' or ',' or '+' or '-'
        || Rune.IsLetterOrDigit(rune)
        || Rune.GetUnicodeCategory(rune) is UnicodeCategory.LetterNumber or UnicodeCategory.OtherNumber;
}
