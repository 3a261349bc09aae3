namespace G4F.Backend.Documents;

/// <summary>How a PDF filter can expand its input, which decides how <see cref="PdfBudgetFilter"/> bounds it.</summary>
internal enum PdfFilterKind
{
    /// <summary>ASCIIHex and ASCII85: at most four bytes out for one in.</summary>
    Ascii,

    /// <summary>FlateDecode (zlib/deflate).</summary>
    Flate,

    /// <summary>LZWDecode.</summary>
    Lzw,

    /// <summary>RunLengthDecode.</summary>
    RunLength,

    /// <summary>Image codecs (DCT, JPX, JBIG2, CCITT fax): never decoded for text.</summary>
    Image,
}
