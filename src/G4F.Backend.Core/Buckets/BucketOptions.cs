using G4F.Backend.Configuration;
using G4F.Backend.Documents;

namespace G4F.Backend.Buckets;

/// <summary>Limits of file buckets (configuration <c>G4F:Buckets</c>). Going over a size limit answers 413.</summary>
public sealed class BucketOptions
{
    /// <summary>Largest uploaded file in bytes. Default 64 MiB.</summary>
    [Bounds(1, long.MaxValue, ErrorMessage = "G4F:Buckets:MaxFileBytes must be positive.")]
    public long MaxFileBytes { get; set; } = 64L * 1024 * 1024;

    /// <summary>Largest upload request (all files together) in bytes. Default 256 MiB.</summary>
    [Bounds(1, 4611686018427387903, ErrorMessage = "G4F:Buckets:MaxRequestBytes must be positive and at most 4611686018427387903.")]
    public long MaxRequestBytes { get; set; } = 256L * 1024 * 1024;

    /// <summary>Largest total size of one bucket's stored files in bytes. Default 1 GiB.</summary>
    [Bounds(1, long.MaxValue, ErrorMessage = "G4F:Buckets:MaxBucketBytes must be positive.")]
    public long MaxBucketBytes { get; set; } = 1024L * 1024 * 1024;

    /// <summary>
    /// Most documents one bucket lists (<c>G4F:Buckets:MaxDocuments</c>): every read of the bucket and every upload reads
    /// the whole list, so its length is bounded as well as the bucket's bytes. An upload's documents past it are refused
    /// one by one (each in the answer's errors, as a file of an unsupported type is); downloads wait until there is room. Default 10,000.
    /// </summary>
    [Bounds(1, 1_000_000, ErrorMessage = "G4F:Buckets:MaxDocuments must be between 1 and 1000000.")]
    public int MaxDocuments { get; set; } = 10_000;

    /// <summary>
    /// Most media files one bucket holds (<c>G4F:Buckets:MaxMediaFiles</c>): the bucket's bytes alone did not bound them
    /// (a file of a few bytes counts for little), and every upload measures the bucket by walking its files. New media past
    /// it are refused one by one, as documents past <see cref="MaxDocuments"/> are. Default 10,000.
    /// </summary>
    [Bounds(1, 1_000_000, ErrorMessage = "G4F:Buckets:MaxMediaFiles must be between 1 and 1000000.")]
    public int MaxMediaFiles { get; set; } = 10_000;

    /// <summary>Most files in one upload request. Default 100.</summary>
    [Bounds(1, int.MaxValue, ErrorMessage = "G4F:Buckets:MaxFilesPerRequest must be positive.")]
    public int MaxFilesPerRequest { get; set; } = 100;

    /// <summary>
    /// Most characters of bucket text a message part <c>{"bucket_id": ...}</c> expands to in a conversation
    /// (<c>G4F:Buckets:MaxPromptChars</c>); longer text is cut. Default 200,000.
    /// </summary>
    [Bounds(1, int.MaxValue, ErrorMessage = "G4F:Buckets:MaxPromptChars must be positive.")]
    public int MaxPromptChars { get; set; } = 200_000;

    /// <summary>
    /// Most bytes of media (images, wav, mp3) one conversation request may inline as base64 data: bucket media, counted per
    /// reference, and media attached to the turn (<c>files</c>, <c>media_url</c>, <c>media</c>) after them; parts beyond
    /// it are dropped with a note. Default 32 MiB.
    /// </summary>
    [Bounds(1, long.MaxValue, ErrorMessage = "G4F:Buckets:MaxPromptMediaBytes must be positive.")]
    public long MaxPromptMediaBytes { get; set; } = 32L * 1024 * 1024;

    /// <summary>Most entries of a ZIP archive that are read; an archive with more is refused. Default 1,000.</summary>
    [Bounds(1, int.MaxValue, ErrorMessage = "G4F:Buckets:MaxArchiveEntries must be positive.")]
    public int MaxArchiveEntries { get; set; } = 1000;

    /// <summary>Most uncompressed bytes read from one ZIP archive (zip-bomb guard). Default 256 MiB.</summary>
    [Bounds(1, long.MaxValue, ErrorMessage = "G4F:Buckets:MaxArchiveBytes must be positive.")]
    public long MaxArchiveBytes { get; set; } = 256L * 1024 * 1024;

    /// <summary>
    /// Most bytes the streams of one PDF may decode to (<c>G4F:Buckets:MaxPdfDecodedBytes</c>), summed over every
    /// stream read for its text: page contents, forms, fonts, object and cross-reference streams. Counted before a
    /// stream is inflated (Flate bomb guard); going over it is a per-file error. Default 256 MiB.
    /// </summary>
    [Bounds(1, long.MaxValue, ErrorMessage = "G4F:Buckets:MaxPdfDecodedBytes must be positive.")]
    public long MaxPdfDecodedBytes { get; set; } = 256L * 1024 * 1024;

    /// <summary>
    /// Most of <see cref="MaxPdfDecodedBytes"/> one PDF page may use (<c>G4F:Buckets:MaxPdfPageDecodedBytes</c>), which
    /// bounds the memory of reading one page: PdfPig holds a page's decoded content at once. Default 32 MiB.
    /// </summary>
    [Bounds(1, long.MaxValue, ErrorMessage = "G4F:Buckets:MaxPdfPageDecodedBytes must be positive.")]
    public long MaxPdfPageDecodedBytes { get; set; } = 32L * 1024 * 1024;

    /// <summary>
    /// Most pages one PDF may have (<c>G4F:Buckets:MaxPdfPages</c>); a file with more is a per-file error. PdfPig builds
    /// its whole page tree when it opens a file, about 1 KiB a page however empty: a 53 MB file of 700,000 empty pages
    /// took 779 MiB. The page tree's /Count and /Kids as written in the file are checked before PdfPig opens it (see
    /// <c>PdfPageCountScan</c>), the count PdfPig finds before any page is read. Default 10,000.
    /// </summary>
    [Bounds(1, int.MaxValue, ErrorMessage = "G4F:Buckets:MaxPdfPages must be positive.")]
    public int MaxPdfPages { get; set; } = 10_000;

    /// <summary>
    /// Most XML elements one part of a DOCX, XLSX or PPTX file may hold (<c>G4F:Buckets:MaxOfficePartElements</c>), counted
    /// by a streaming pre-read before anything is converted; a file with a larger part is a per-file error. It bounds the
    /// work a few compressed kilobytes can ask for (20 million empty paragraphs fit in 170 KB). A 10 MB DOCX of ordinary
    /// prose has about 3.5 million. Default 10,000,000.
    /// </summary>
    [Bounds(1, int.MaxValue, ErrorMessage = "G4F:Buckets:MaxOfficePartElements must be positive.")]
    public int MaxOfficePartElements { get; set; } = 10_000_000;

    /// <summary>
    /// Most XML elements of a DOCX, XLSX or PPTX file held in memory at once (<c>G4F:Buckets:MaxOfficeBlockElements</c>):
    /// parts are streamed and only one piece is loaded at a time (a paragraph, a table row, a slide shape, a sheet row, or a
    /// small part read whole such as the styles); attributes count one each and text one per 16 characters. A file with a
    /// larger piece is a per-file error. Default 250,000 (about 50 MB of document objects).
    /// </summary>
    [Bounds(1, int.MaxValue, ErrorMessage = "G4F:Buckets:MaxOfficeBlockElements must be positive.")]
    public int MaxOfficeBlockElements { get; set; } = 250_000;

    /// <summary>
    /// Most bytes of markdown one document's conversion may write (<c>G4F:Buckets:MaxConvertedBytes</c>); never more
    /// than the bucket still has room for. Going over it is a per-file error. Default 64 MiB.
    /// </summary>
    [Bounds(1, long.MaxValue, ErrorMessage = "G4F:Buckets:MaxConvertedBytes must be positive.")]
    public long MaxConvertedBytes { get; set; } = 64L * 1024 * 1024;

    /// <summary>
    /// Longest time one file's conversion to markdown (an upload's or a <c>downloads.json</c> page's) may take once it has a
    /// conversion slot; at this deadline the converter's cancellation token is cancelled. Default 2 minutes.
    /// </summary>
    [SpanBounds(OptionLimits.MinSpan, OptionLimits.MaxTimer, ErrorMessage = "G4F:Buckets:ConversionTimeout must be a positive time span of at most 49.17:02:47.")]
    public TimeSpan ConversionTimeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// Longest time one file (a conversion or an image decode) may wait for a conversion slot (one per processor) while
    /// other files hold them; a file that waits longer gets a per-file error and the request goes on with its other
    /// files. Default 5 minutes.
    /// </summary>
    [SpanBounds(OptionLimits.MinSpan, OptionLimits.MaxTimer, ErrorMessage = "G4F:Buckets:ConversionQueueTimeout must be a positive time span of at most 49.17:02:47.")]
    public TimeSpan ConversionQueueTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Most URLs one <c>downloads.json</c> may make the server fetch, links followed included. Default 20.</summary>
    [Bounds(1, int.MaxValue, ErrorMessage = "G4F:Buckets:MaxDownloads must be positive.")]
    public int MaxDownloads { get; set; } = 20;

    /// <summary>Highest <c>max_depth</c> a <c>downloads.json</c> entry may ask for; larger values are lowered to it. Default 1.</summary>
    [Bounds(0, int.MaxValue, ErrorMessage = "G4F:Buckets:MaxDownloadDepth must not be negative.")]
    public int MaxDownloadDepth { get; set; } = 1;

    /// <summary>The bounds of the document converters, which are configured here.</summary>
    internal DocumentLimits ToDocumentLimits() => new()
    {
        MaxArchiveEntries = MaxArchiveEntries,
        MaxArchiveBytes = MaxArchiveBytes,
        MaxOfficePartElements = MaxOfficePartElements,
        MaxOfficeBlockElements = MaxOfficeBlockElements,
        MaxPdfDecodedBytes = MaxPdfDecodedBytes,
        MaxPdfPageDecodedBytes = MaxPdfPageDecodedBytes,
        MaxPdfPages = MaxPdfPages,
        ConversionQueueTimeout = ConversionQueueTimeout,
        MaxConvertedBytes = MaxConvertedBytes,
    };
}
