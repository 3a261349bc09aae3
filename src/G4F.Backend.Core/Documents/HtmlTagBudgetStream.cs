namespace G4F.Backend.Documents;

/// <summary>
/// Passes a page's bytes to the HTML parser while counting its tags (<c>&lt;</c> is the byte 0x3C in every encoding a
/// page may use), and stops the read once there are more than the budget allows: the parser reads the whole page
/// before it builds the tree, so the count is known before the tree's memory is spent, in the same single read. The
/// bytes are bounded the same way, for a stream whose length is not known in advance.
/// </summary>
internal sealed class HtmlTagBudgetStream(Stream inner, long maxTags, long maxBytes) : Stream
{
    private long _tags;
    private long _bytes;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var read = inner.Read(buffer);
        Count(buffer[..read]);
        return read;
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var read = await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        Count(buffer.Span[..read]);
        return read;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    /// <summary>The message of a page over the byte bound.</summary>
    public static string TooLarge(long maxBytes) => $"The HTML file is larger than {maxBytes / (1024 * 1024)} MiB, too large to convert.";

    private void Count(ReadOnlySpan<byte> bytes)
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
