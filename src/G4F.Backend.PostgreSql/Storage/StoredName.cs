using System.Text;

namespace G4F.Backend.PostgreSql.Storage;

/// <summary>
/// The check a PostgreSQL store makes on the ids and names it is given. Names only ever travel as query parameters,
/// so this is not path safety; it keeps the stores as strict as the embedded ones (which accept sanitised names only,
/// PROTOCOL 1.6) so that a name that works here also works on files, and refuses what no sanitiser produces.
/// </summary>
internal static class StoredName
{
    private const int MaxUtf8Bytes = 200;

    public static string Checked(string? name, string parameter)
    {
        if (string.IsNullOrEmpty(name) || name[0] == '.' || name[^1] == '.' || Encoding.UTF8.GetByteCount(name) > MaxUtf8Bytes
            || name.AsSpan().IndexOfAny("/\\:*?\"<>|") >= 0 || name.Any(c => char.IsControl(c) || char.IsWhiteSpace(c)))
        {
            throw new ArgumentException("A stored name must be a non-empty sanitised name (PROTOCOL 1.6).", parameter);
        }

        return name;
    }
}
