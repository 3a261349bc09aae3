using System.Globalization;
using System.Text;

namespace G4F.Backend.Storage;

/// <summary>
/// The names a store accepts, for implementers of the store interfaces (<c>IBucketStore</c>, <c>IMediaStore</c>,
/// <c>IChatShareStore</c>, <c>ICookieFileStore</c>): ids and file names as the backend's sanitiser makes them (PROTOCOL 1.6).
/// Every store refuses anything else with an <see cref="ArgumentException"/>, so a name that works in one store works in
/// every other (a database store holds no paths, but its names must still be valid file names for the embedded one).
/// </summary>
public static class StoredNames
{
    private const int MaxUtf8Bytes = 200;

    /// <summary>
    /// Whether <paramref name="name"/> is a storable name: 1 to 200 bytes of UTF-8, only letters, digits and
    /// <c>_ . , + -</c>, neither starting nor ending with a dot (so never <c>.</c>, <c>..</c>, hidden, or a path). Every
    /// sanitised name passes, and so does one with a suffix added to it (<c>&lt;name&gt;.md</c>).
    /// </summary>
    /// <param name="name">The id or file name a store was given.</param>
    /// <returns>True when a store may keep something under this name.</returns>
    public static bool IsValid(string? name)
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

    /// <summary>Returns <paramref name="name"/> when it <see cref="IsValid"/>; otherwise throws the error every store throws.</summary>
    /// <param name="name">The id or file name a store was given.</param>
    /// <param name="parameterName">The parameter it came in, for the exception.</param>
    /// <returns>The name, no longer null.</returns>
    /// <exception cref="ArgumentException">The name is not a storable name.</exception>
    public static string ThrowIfInvalid(string? name, string parameterName) =>
        IsValid(name) ? name! : throw new ArgumentException("A stored name must be a non-empty sanitised name (PROTOCOL 1.6).", parameterName);

    /// <summary>A character the sanitiser keeps: Python's <c>\w</c> (letters, the numeric categories, <c>_</c>) and <c>. , + -</c>; combining marks are not.</summary>
    internal static bool IsKept(Rune rune) =>
        rune.Value is '_' or '.' or ',' or '+' or '-'
        || Rune.IsLetterOrDigit(rune)
        || Rune.GetUnicodeCategory(rune) is UnicodeCategory.LetterNumber or UnicodeCategory.OtherNumber;
}
