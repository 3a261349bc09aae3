namespace G4F.Backend.Documents;

/// <summary>
/// Passes a page's bytes to the HTML parser while counting its tags (<c>&lt;</c> is the byte 0x3C in every encoding a
/// page may use), and stops the read once there are more than the budget allows: the parser reads the whole page
/// before it builds the tree, so the count is known before the tree's memory is spent, in the same single read. The
/// bytes are bounded the same way, for a stream whose length is not known in advance.
/// </summary>
internal sealed class HtmlTagBudgetStream(Stream inner, long maxTags, long maxBytes) : InspectedReadStream(inner, ownsInner: false)
{
    private long _tags;
    private long _bytes;

    /// <summary>The message of a page over the byte bound.</summary>
    public static string TooLarge(long maxBytes) => $"The HTML file is larger than {maxBytes / (1024 * 1024)} MiB, too large to convert.";

    protected override void Inspect(ReadOnlySpan<byte> bytes)
    {
        _bytes += bytes.Length;
        if (_bytes > maxBytes)
        {
            throw new DocumentConversionException(TooLarge(maxBytes));
        }

        _tags += bytes.Count((byte)'<');
        if (_tags > maxTags)
        {
            throw new DocumentConversionException($"The HTML file has more than {maxTags} tags, too many to convert.");
        }
    }
}
