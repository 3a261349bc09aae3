using G4F.Backend.Storage;

namespace G4F.Backend.Buckets;

/// <summary>The fixed names inside a bucket folder and the rules that tell documents from bookkeeping files.</summary>
internal static class BucketFileNames
{
    /// <summary>The documents of the last upload, one per line (PROTOCOL 6.2 step 7); removed by every read.</summary>
    public const string FileList = "files.txt";

    /// <summary>Every document of the bucket in first-upload order, so a read covers all uploads, not just the last (PROTOCOL 14.14).</summary>
    public const string Manifest = "documents.txt";

    /// <summary>URLs to fetch on the next read (PROTOCOL 6.6).</summary>
    public const string Downloads = "downloads.json";

    /// <summary>A shared chat stored under the same id (PROTOCOL 8); an upload may never replace it.</summary>
    public const string SharedChat = "chat.json";

    /// <summary>The folder of uploaded media.</summary>
    public const string Media = "media";

    /// <summary>The folder of image thumbnails.</summary>
    public const string Thumbnails = "thumbnail";

    /// <summary>
    /// The hidden folder of archive texts: a ZIP is converted once at upload into <c>.text/&lt;name&gt;.md</c>, never
    /// listed, replaced by a re-upload and deleted with the bucket.
    /// </summary>
    public const string Texts = ".text";

    /// <summary>Documents kept as they are at upload; their text is produced when the bucket is read (PROTOCOL 6.2 step 2).</summary>
    public static bool IsStoredAsIs(string name) =>
        name.EndsWith(".md", StringComparison.OrdinalIgnoreCase)
        || name.EndsWith(".json", StringComparison.OrdinalIgnoreCase)
        || name.EndsWith(".zip", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Whether a name read back from a list file may name a document: only a name that sanitises to itself (so
    /// never a path) and is not one of the bookkeeping files.
    /// </summary>
    public static bool IsDocumentName(string name) =>
        name.Length > 0
        && SafeName.Sanitize(name) == name
        && !name.Equals(FileList, StringComparison.OrdinalIgnoreCase)
        && !name.Equals(Manifest, StringComparison.OrdinalIgnoreCase)
        && !name.Equals(SharedChat, StringComparison.OrdinalIgnoreCase)
        && !name.StartsWith(Downloads, StringComparison.OrdinalIgnoreCase);
}
