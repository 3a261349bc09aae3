namespace G4F.Backend.Buckets;

/// <summary>
/// One uploaded file ready to move into its bucket: its staged bytes, its name in the bucket and its companion
/// (thumbnail of an image, text of an archive), all in the upload's scratch folder.
/// </summary>
internal sealed record PreparedUpload(string Source, string Name, bool IsMedia, string? Companion)
{
    /// <summary>The bytes the file and its companion add to the bucket.</summary>
    public long Bytes { get; } = Length(Source) + Length(Companion);

    /// <summary>The length of the staged file at <paramref name="path"/>; 0 when there is none.</summary>
    public static long Length(string? path)
    {
        var file = path is null ? null : new FileInfo(path);
        return file is { Exists: true } ? file.Length : 0;
    }
}
