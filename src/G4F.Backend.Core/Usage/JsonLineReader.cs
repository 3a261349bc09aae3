using System.Buffers;

namespace G4F.Backend.Usage;

/// <summary>
/// Splits a stream into lines without ever holding more than one line (plus one read buffer) in memory, so thirty
/// days of usage are aggregated, or one user's lines served, in constant space. A line longer than the limit is
/// skipped up to its <c>\n</c> rather than buffered; a UTF-8 byte order mark at the start is dropped; a last line
/// without <c>\n</c> is still delivered (a torn line is then the parser's to reject). The reader pulls
/// (<see cref="NextAsync"/>) for a consumer that serves lines at its own pace, and pushes
/// (<see cref="ReadAsync"/>) for one that folds them.
/// </summary>
internal sealed class JsonLineReader : IDisposable
{
    public const int DefaultBufferSize = 64 * 1024;

    private readonly Stream _stream;
    private readonly int _maxLineBytes;
    private byte[] _buffer;
    private int _start;
    private int _scanned;
    private int _end;
    private bool _first = true;
    private bool _endOfSource;
    private bool _skipping;

    public JsonLineReader(Stream stream, int maxLineBytes, int bufferSize = DefaultBufferSize)
    {
        _stream = stream;
        _maxLineBytes = maxLineBytes;
        _buffer = ArrayPool<byte>.Shared.Rent(bufferSize);
    }

    /// <summary>The line found by the last <see cref="NextAsync"/>, without its <c>\n</c>; valid until the next call.</summary>
    public ReadOnlyMemory<byte> Line { get; private set; }

    /// <summary>Whether <see cref="Line"/> ended in <c>\n</c> (only the last line of a torn file does not).</summary>
    public bool LineEnded { get; private set; }

    /// <summary><see cref="Line"/> with its <c>\n</c> when it had one, as it was in the stream.</summary>
    public ReadOnlyMemory<byte> LineAsRead => LineEnded ? _buffer.AsMemory(_start - Line.Length - 1, Line.Length + 1) : Line;

    /// <summary>Delivers every line of <paramref name="stream"/> within <paramref name="maxLineBytes"/> to <paramref name="sink"/>.</summary>
    public static async Task ReadAsync(Stream stream, ILineSink sink, int maxLineBytes, CancellationToken cancellationToken, int bufferSize = DefaultBufferSize)
    {
        using var reader = new JsonLineReader(stream, maxLineBytes, bufferSize);
        while (await reader.NextAsync(cancellationToken).ConfigureAwait(false))
        {
            sink.OnLine(reader.Line.Span);
        }
    }

    /// <summary>Moves to the next line within the limit; false at the end of the stream.</summary>
    public async ValueTask<bool> NextAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var index = _buffer.AsSpan(_scanned, _end - _scanned).IndexOf((byte)'\n');
            if (index >= 0)
            {
                var lineStart = _start;
                var lineEnd = _scanned + index;
                _start = _scanned = lineEnd + 1;
                if (_skipping)
                {
                    _skipping = false;
                }
                else if (lineEnd - lineStart <= _maxLineBytes)
                {
                    (Line, LineEnded) = (_buffer.AsMemory(lineStart, lineEnd - lineStart), true);
                    return true;
                }

                continue;
            }

            _scanned = _end;
            if (!_skipping && _end - _start > _maxLineBytes)
            {
                // Too long for any line the server writes: dropped up to its '\n', never buffered whole.
                _skipping = true;
            }

            if (_skipping)
            {
                _start = _scanned = _end = 0;
            }

            if (_endOfSource)
            {
                var found = !_skipping && _end > _start;
                (Line, LineEnded) = (found ? _buffer.AsMemory(_start, _end - _start) : default, false);
                _start = _scanned = _end;
                return found;
            }

            await FillAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public void Dispose()
    {
        var buffer = _buffer;
        _buffer = [];
        Line = default;
        if (buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private async ValueTask FillAsync(CancellationToken cancellationToken)
    {
        if (_start > 0)
        {
            _buffer.AsSpan(_start, _end - _start).CopyTo(_buffer);
            (_end, _scanned, _start) = (_end - _start, _scanned - _start, 0);
        }

        if (_end == _buffer.Length)
        {
            // One partial line fills the buffer (it is within the limit, or it would be skipped).
            var larger = ArrayPool<byte>.Shared.Rent(_buffer.Length * 2);
            _buffer.AsSpan(0, _end).CopyTo(larger);
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = larger;
        }

        var read = await _stream.ReadAsync(_buffer.AsMemory(_end), cancellationToken).ConfigureAwait(false);
        _endOfSource = read == 0;
        _end += read;
        if (_first && (_end >= 3 || _endOfSource))
        {
            _first = false;
            if (_buffer.AsSpan(0, _end).StartsWith("\uFEFF"u8))
            {
                _start = _scanned = 3;
            }
        }
    }
}
