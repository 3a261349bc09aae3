namespace G4F.Backend.Documents;

/// <summary>
/// The bounds the converters work within. They are configured with the buckets (<c>G4F:Buckets</c>, where uploads are
/// converted) and handed over once at registration, so a converter never reads another feature's settings.
/// </summary>
internal sealed record DocumentLimits
{
    /// <summary>Most entries of a ZIP archive that are read (<c>MaxArchiveEntries</c>).</summary>
    public required int MaxArchiveEntries { get; init; }

    /// <summary>Most uncompressed bytes read from one archive, and most characters of one Office XML part (<c>MaxArchiveBytes</c>).</summary>
    public required long MaxArchiveBytes { get; init; }

    /// <summary>Most XML elements of one Office part (<c>MaxOfficePartElements</c>).</summary>
    public required int MaxOfficePartElements { get; init; }

    /// <summary>Most XML elements of an Office file held in memory at once (<c>MaxOfficeBlockElements</c>).</summary>
    public required int MaxOfficeBlockElements { get; init; }

    /// <summary>Most bytes the streams of one PDF file may decode to (<c>MaxPdfDecodedBytes</c>).</summary>
    public required long MaxPdfDecodedBytes { get; init; }

    /// <summary>Most bytes the streams read for one PDF page may decode to (<c>MaxPdfPageDecodedBytes</c>).</summary>
    public required long MaxPdfPageDecodedBytes { get; init; }

    /// <summary>Most pages of one PDF file (<c>MaxPdfPages</c>).</summary>
    public required int MaxPdfPages { get; init; }

    /// <summary>Longest wait for a conversion slot of the <see cref="ConversionGate"/> (<c>ConversionQueueTimeout</c>).</summary>
    public required TimeSpan ConversionQueueTimeout { get; init; }

    /// <summary>Most UTF-8 bytes of markdown one conversion may write (<c>MaxConvertedBytes</c>), counted by <see cref="OutputBudgetWriter"/>.</summary>
    public required long MaxConvertedBytes { get; init; }
}
