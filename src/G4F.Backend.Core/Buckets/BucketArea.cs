namespace G4F.Backend.Buckets;

/// <summary>The kinds of file an <see cref="IBucketStore"/> keeps for one bucket, each its own set of names.</summary>
public enum BucketArea
{
    /// <summary>The bucket's documents: files kept as uploaded (<c>.md</c>, <c>.json</c>, <c>.zip</c>) and converted text (<c>&lt;name&gt;.md</c>).</summary>
    Document = 0,

    /// <summary>Uploaded and downloaded media (images, audio, video), served by <c>/files/{bucket}/media/{name}</c>.</summary>
    Media = 1,

    /// <summary>The thumbnail of a media image, under the image's name.</summary>
    Thumbnail = 2,

    /// <summary>The text of an archive document, converted once at upload, under <c>&lt;archive name&gt;.md</c>; never listed as a document.</summary>
    Text = 3,

    /// <summary>
    /// The bucket's bookkeeping: <c>documents.txt</c>, <c>files.txt</c>, <c>downloads.json</c> and the crawl's marker.
    /// A store may keep these beside the documents (the embedded default does): a record name is never a document name.
    /// A record name may start with one dot (a hidden file in the embedded default).
    /// </summary>
    Record = 4,
}
