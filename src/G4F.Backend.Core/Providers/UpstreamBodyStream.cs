using G4F.Backend.Storage;

namespace G4F.Backend.Providers;

/// <summary>
/// An upstream response body as the providers read it, below any parser. Every read is timed by
/// <see cref="UpstreamTimeouts"/> (armed before, stopped once bytes came), so the limits count bytes:
/// SSE comments and partial lines are signs of life although no parser sees an event in them. And every
/// read is bounded: a line of a stream, or a whole document, that grows past its limit ends the call
/// with a <c>ResponseError</c> before the parser above has buffered it.
/// </summary>
internal sealed class UpstreamBodyStream : ReadOnlyWrapperStream
{
    /// <summary>
    /// The longest line of a stream (an SSE line, an NDJSON line). Chunks are a few KiB; the largest
    /// honest ones carry a tool call's arguments or an inline image, a few MiB. SseParser and StreamReader
    /// buffer a line until its end, so without a bound an upstream that never sends a newline grows the
    /// heap until the process dies.
    /// </summary>
    internal const int MaxLineBytes = 16 * 1024 * 1024;

    /// <summary>
    /// The largest document (a model list). Even OpenRouter's few hundred models with all their metadata
    /// are well under 1 MiB; JsonDocument holds the whole body in memory.
    /// </summary>
    internal const int MaxDocumentBytes = 8 * 1024 * 1024;

    private readonly UpstreamTimeouts _timeouts;
    private readonly string _providerName;
    private readonly bool _isDocument;
    private readonly int _maxDocumentBytes;
    private long _lineBytes;
    private long _totalBytes;

    private UpstreamBodyStream(Stream inner, UpstreamTimeouts timeouts, string providerName, bool isDocument, int maxDocumentBytes = MaxDocumentBytes)
        : base(inner)
    {
        _timeouts = timeouts;
        _providerName = providerName;
        _isDocument = isDocument;
        _maxDocumentBytes = maxDocumentBytes;
    }

    /// <summary>A streamed body (SSE, NDJSON): each line at most <see cref="MaxLineBytes"/>, any number of lines.</summary>
    public static UpstreamBodyStream ForLines(Stream inner, UpstreamTimeouts timeouts, string providerName) =>
        new(inner, timeouts, providerName, isDocument: false);

    /// <summary>A body read as one document: at most <paramref name="maxBytes"/> (by default <see cref="MaxDocumentBytes"/>) in all.</summary>
    public static UpstreamBodyStream ForDocument(Stream inner, UpstreamTimeouts timeouts, string providerName, int maxBytes = MaxDocumentBytes) =>
        new(inner, timeouts, providerName, isDocument: true, maxBytes);

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        _timeouts.Arm();
        var read = await Inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        Count(buffer.Span[..read]);
        return read;
    }

    public override int Read(Span<byte> buffer)
    {
        _timeouts.Arm();
        var read = Inner.Read(buffer);
        Count(buffer[..read]);
        return read;
    }

    private void Count(ReadOnlySpan<byte> bytes)
    {
        if (bytes.IsEmpty)
        {
            // The end of the body: nothing arrived, and nothing more will be read.
            return;
        }

        _timeouts.Received();
        if (_isDocument)
        {
            _totalBytes += bytes.Length;
            if (_totalBytes > _maxDocumentBytes)
            {
                throw new ProviderException("ResponseError", $"{_providerName} sent a response larger than {_maxDocumentBytes / (1024 * 1024)} MiB");
            }

            return;
        }

        // CR ends a line too: SSE allows it alone, and StreamReader splits on it.
        var lastEnd = bytes.LastIndexOfAny((byte)'\n', (byte)'\r');
        _lineBytes = lastEnd < 0 ? _lineBytes + bytes.Length : bytes.Length - lastEnd - 1;
        if (_lineBytes > MaxLineBytes)
        {
            throw new ProviderException("ResponseError", $"{_providerName} sent a line longer than {MaxLineBytes / (1024 * 1024)} MiB");
        }
    }
}
