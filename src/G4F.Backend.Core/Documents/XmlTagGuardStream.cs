namespace G4F.Backend.Documents;

/// <summary>
/// Passes an XML part's bytes through while measuring each markup tag: <see cref="System.Xml.XmlReader"/> buffers a
/// whole start tag (its name and every attribute value) before it reports it, so a 200-million-character attribute,
/// a few hundred compressed kilobytes, would take 400 MB in the reader alone. Text between tags is not limited here
/// (the reader streams it). Quotes are tracked inside element tags, so a <c>&gt;</c> in an attribute value does not
/// end it; comments, declarations and processing instructions end at their first <c>&gt;</c>.
/// </summary>
internal sealed class XmlTagGuardStream(Stream inner, string format) : InspectedReadStream(inner, ownsInner: true)
{
    /// <summary>The longest tag, in bytes; real Office tags are well under a kilobyte, namespace-heavy roots a few.</summary>
    public const int MaxTagBytes = 1024 * 1024;

    private bool _inTag;
    private bool _quotesMatter;
    private byte _quote;
    private int _tagBytes;

    protected override void Inspect(ReadOnlySpan<byte> bytes)
    {
        foreach (var b in bytes)
        {
            if (!_inTag)
            {
                if (b == (byte)'<')
                {
                    _inTag = true;
                    _tagBytes = 0;
                }

                continue;
            }

            if (++_tagBytes > MaxTagBytes)
            {
                throw new DocumentConversionException($"The {format} file is too large to read: an XML tag is longer than {MaxTagBytes} bytes.");
            }

            if (_tagBytes == 1)
            {
                _quotesMatter = b is not ((byte)'!' or (byte)'?');
            }

            if (_quote != 0)
            {
                _quote = b == _quote ? (byte)0 : _quote;
            }
            else if (_quotesMatter && b is (byte)'"' or (byte)'\'')
            {
                _quote = b;
            }
            else if (b == (byte)'>')
            {
                _inTag = false;
            }
        }
    }
}
