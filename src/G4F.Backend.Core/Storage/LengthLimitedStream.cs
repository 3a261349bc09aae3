namespace G4F.Backend.Storage;

/// <summary>
/// Reads an inner stream up to a fixed length: a day's usage as it stood when opened even while lines are being
/// appended (no half-written last line), a bucket's list no longer than its limit allows. Disposing it disposes the
/// inner stream.
/// </summary>
internal sealed class LengthLimitedStream(Stream inner, long length) : ReadOnlyWrapperStream(inner)
{
    private long _remaining = length;

    public override int Read(Span<byte> buffer)
    {
        if (_remaining <= 0)
        {
            return 0;
        }

        var read = Inner.Read(buffer[..(int)Math.Min(buffer.Length, _remaining)]);
        _remaining -= read;
        return read;
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (_remaining <= 0)
        {
            return 0;
        }

        var read = await Inner.ReadAsync(buffer[..(int)Math.Min(buffer.Length, _remaining)], cancellationToken).ConfigureAwait(false);
        _remaining -= read;
        return read;
    }
}
