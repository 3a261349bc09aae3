namespace G4F.Backend.Documents;

/// <summary>
/// The decoded bytes one PDF may produce: every stream PdfPig decodes (page contents, forms, fonts, object and
/// cross-reference streams) is counted against a total for the file and a share for the page being read, so neither
/// one huge stream nor many small ones can grow memory past the budget. PdfPig catches some exceptions while it
/// reads a page, so an overrun is also remembered here and the converter checks it after each step.
/// </summary>
internal sealed class PdfDecodeBudget(long maxDocumentBytes, long maxPageBytes, CancellationToken cancellationToken)
{
    private long _documentUsed;
    private long _pageUsed;
    private long _sinceCollection;

    /// <summary>The token that stops the conversion; the filters check it between decodes and while counting.</summary>
    public CancellationToken CancellationToken { get; } = cancellationToken;

    /// <summary>The error of the first overrun, or null while the file is within its budget.</summary>
    public DocumentConversionException? Overrun { get; private set; }

    /// <summary>How many more bytes may be decoded now: the smaller of what the file and the page have left.</summary>
    public long Remaining => Overrun is not null ? 0 : Math.Min(maxDocumentBytes - _documentUsed, maxPageBytes - _pageUsed);

    /// <summary>Starts the page's share afresh (the file's total keeps counting).</summary>
    public void BeginPage() => _pageUsed = 0;

    /// <summary>Counts <paramref name="bytes"/> decoded; throws (and remembers) the overrun when they do not fit.</summary>
    public void Consume(long bytes)
    {
        ThrowIfOverrun();
        if (bytes > Remaining)
        {
            throw Overflow();
        }

        _documentUsed += bytes;
        _pageUsed += bytes;
        _sinceCollection += bytes;
    }

    /// <summary>True (once) when at least <paramref name="bytes"/> were decoded since it last was.</summary>
    public bool TakeDecodedSince(long bytes)
    {
        if (_sinceCollection < bytes)
        {
            return false;
        }

        _sinceCollection = 0;
        return true;
    }

    /// <summary>Records and returns the overrun error: a stream would decode to more than is left.</summary>
    public DocumentConversionException Overflow()
    {
        Overrun ??= maxDocumentBytes - _documentUsed <= maxPageBytes - _pageUsed
            ? new DocumentConversionException($"The PDF file decodes to more than {maxDocumentBytes} bytes (the limit for one file).")
            : new DocumentConversionException($"A page of the PDF file decodes to more than {maxPageBytes} bytes (the limit for one page).");
        return Overrun;
    }

    /// <summary>Throws the remembered overrun, if any; and stops when the conversion was cancelled.</summary>
    public void ThrowIfOverrun()
    {
        CancellationToken.ThrowIfCancellationRequested();
        if (Overrun is not null)
        {
            throw Overrun;
        }
    }
}
