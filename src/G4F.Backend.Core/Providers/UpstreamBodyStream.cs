namespace G4F.Backend.Providers;

/// <summary>
/// An upstream response body as the providers read it, below any parser. Every read is timed by
/// <see cref="UpstreamTimeouts"/> (armed before, stopped once bytes came), so the limits count bytes:
/// SSE comments and partial lines are signs of life although no parser sees an event in them.
/// </summary>
internal sealed class UpstreamBodyStream : Stream
{
    private readonly Stream _inner;
    private readonly UpstreamTimeouts _timeouts;

    private UpstreamBodyStream(Stream inner, UpstreamTimeouts timeouts)
    {
        _inner = inner;
        _timeouts = timeouts;
    }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    /// <summary>A streamed body (SSE, NDJSON).</summary>
    public static UpstreamBodyStream ForLines(Stream inner, UpstreamTimeouts timeouts) => new(inner, timeouts);

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        _timeouts.Arm();
        var read = await _inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        Count(buffer.Span[..read]);
        return read;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(Span<byte> buffer)
    {
        _timeouts.Arm();
        var read = _inner.Read(buffer);
        Count(buffer[..read]);
        return read;
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _inner.Dispose();
        }

        base.Dispose(disposing);
    }

    private void Count(ReadOnlySpan<byte> bytes)
    {
        if (bytes.IsEmpty)
        {
            // The end of the body: nothing arrived, and nothing more will be read.
            return;
        }

        _timeouts.Received();
    }
}
