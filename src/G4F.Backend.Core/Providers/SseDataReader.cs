using System.Buffers;
using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;

namespace G4F.Backend.Providers;

/// <summary>
/// The events of an SSE body, each handed to an item parser straight from the read buffer: the data field of the
/// common one-line event is parsed where it was read, without a copy, and the reader is advanced by its caller (no
/// iterator layer between the socket and the provider).
/// </summary>
/// <remarks>
/// The event stream format as <see cref="SseParser"/> reads it: a UTF-8 BOM at the start is skipped, lines end in CRLF,
/// LF or CR, a line starting with a colon is a comment, a field's value follows its first colon less one leading space,
/// the values of <c>data</c> lines are joined with LF, and a blank line dispatches an event that had a data line. What
/// follows the last blank line when the body ends is dropped. Lines are bounded below, by <see cref="UpstreamBodyStream"/>;
/// an event's joined data lines together as one line is.
/// </remarks>
/// <typeparam name="T">What the item parser makes of an event's data.</typeparam>
internal sealed class SseDataReader<T> : IDisposable
{
    private const int InitialBufferSize = 4096;

    private readonly Stream _stream;
    private readonly SseItemParser<T> _parser;
    private byte[] _buffer = ArrayPool<byte>.Shared.Rent(InitialBufferSize);
    private int _start;
    private int _end;
    private bool _bomChecked;
    private bool _afterCr;
    private bool _ended;

    // The current event's data: one line still in the buffer (offset, length), or, once it spans lines or reads, joined here.
    private bool _hasData;
    private int _lineDataStart = -1;
    private int _lineDataLength;
    private byte[]? _joined;
    private int _joinedLength;

    public SseDataReader(Stream stream, SseItemParser<T> parser)
    {
        _stream = stream;
        _parser = parser;
    }

    /// <summary>The item of the last event <see cref="MoveNextAsync"/> read.</summary>
    public T Current { get; private set; } = default!;

    /// <summary>Reads up to the next event and parses it into <see cref="Current"/>; false at the end of the body.</summary>
    /// <remarks>An event already in the buffer is parsed synchronously; the parser's exceptions propagate.</remarks>
    public ValueTask<bool> MoveNextAsync(CancellationToken cancellationToken) =>
        TryReadBuffered() ? new(true) : _ended ? new(false) : ReadMoreAsync(cancellationToken);

    public void Dispose()
    {
        var buffer = _buffer;
        _buffer = [];
        if (buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        if (_joined is { } joined)
        {
            _joined = null;
            ArrayPool<byte>.Shared.Return(joined);
        }
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<bool> ReadMoreAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            MakeRoom();
            var read = await _stream.ReadAsync(_buffer.AsMemory(_end), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                // A partial line or an event without its blank line is not an event.
                _ended = true;
                return false;
            }

            _end += read;
            if (TryReadBuffered())
            {
                return true;
            }
        }
    }

    /// <summary>Consumes whole lines from the buffer up to the end of an event, if one is there.</summary>
    private bool TryReadBuffered()
    {
        if (!_bomChecked && !SkipBom())
        {
            return false;
        }

        while (_start < _end)
        {
            var unread = _buffer.AsSpan(_start, _end - _start);
            if (_afterCr)
            {
                // The LF of a CRLF split across reads.
                _afterCr = false;
                if (unread[0] == (byte)'\n')
                {
                    _start++;
                    continue;
                }
            }

            var length = unread.IndexOfAny((byte)'\n', (byte)'\r');
            if (length < 0)
            {
                return false;
            }

            var lineStart = _start;
            _start += length + 1;
            if (unread[length] == (byte)'\r')
            {
                if (length + 1 < unread.Length)
                {
                    _start += unread[length + 1] == (byte)'\n' ? 1 : 0;
                }
                else
                {
                    _afterCr = true;
                }
            }

            if (length == 0)
            {
                if (Dispatch())
                {
                    return true;
                }

                continue;
            }

            ProcessLine(lineStart, length);
        }

        return false;
    }

    private void ProcessLine(int lineStart, int length)
    {
        var line = _buffer.AsSpan(lineStart, length);
        if (line[0] == (byte)':' || !line.StartsWith("data"u8))
        {
            return;
        }

        int valueStart;
        if (line.Length == 4)
        {
            valueStart = 4;
        }
        else if (line[4] == (byte)':')
        {
            valueStart = line.Length > 5 && line[5] == (byte)' ' ? 6 : 5;
        }
        else
        {
            // A field that only starts with "data" ("database: ...").
            return;
        }

        var valueLength = length - valueStart;
        if (!_hasData)
        {
            _hasData = true;
            _lineDataStart = lineStart + valueStart;
            _lineDataLength = valueLength;
            return;
        }

        // A second data line: the event's data is joined outside the buffer from now on.
        MoveLineDataToJoined();
        Append("\n"u8);
        Append(line[valueStart..]);
    }

    private bool Dispatch()
    {
        if (!_hasData)
        {
            return false;
        }

        ReadOnlySpan<byte> data = _lineDataStart >= 0 ? _buffer.AsSpan(_lineDataStart, _lineDataLength) : _joined.AsSpan(0, _joinedLength);
        _hasData = false;
        _lineDataStart = -1;
        _joinedLength = 0;
        Current = _parser(SseParser.EventTypeDefault, data);
        return true;
    }

    /// <summary>Makes space after the unread bytes: moves them to the front, or grows the buffer when they fill it.</summary>
    private void MakeRoom()
    {
        // The pending one-line data would move with the bytes; it is joined outside first (an event cut by a read).
        MoveLineDataToJoined();
        var unread = _end - _start;
        if (_start > 0)
        {
            _buffer.AsSpan(_start, unread).CopyTo(_buffer);
            _start = 0;
            _end = unread;
        }

        if (_end == _buffer.Length)
        {
            var larger = ArrayPool<byte>.Shared.Rent(_buffer.Length * 2);
            _buffer.AsSpan(0, _end).CopyTo(larger);
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = larger;
        }
    }

    private void MoveLineDataToJoined()
    {
        if (_lineDataStart < 0)
        {
            return;
        }

        var start = _lineDataStart;
        _lineDataStart = -1;
        _joinedLength = 0;
        Append(_buffer.AsSpan(start, _lineDataLength));
    }

    private void Append(ReadOnlySpan<byte> bytes)
    {
        // Each line is bounded below; an event of ever more data lines without a blank one is bounded here, as one line.
        if (_joinedLength + bytes.Length > UpstreamBodyStream.MaxLineBytes)
        {
            throw new ProviderException("ResponseError", $"The provider sent an event longer than {UpstreamBodyStream.MaxLineBytes / (1024 * 1024)} MiB");
        }

        if (_joined is null || _joined.Length - _joinedLength < bytes.Length)
        {
            var larger = ArrayPool<byte>.Shared.Rent(Math.Max(InitialBufferSize, (_joinedLength + bytes.Length) * 2));
            if (_joined is { } old)
            {
                old.AsSpan(0, _joinedLength).CopyTo(larger);
                ArrayPool<byte>.Shared.Return(old);
            }

            _joined = larger;
        }

        bytes.CopyTo(_joined.AsSpan(_joinedLength));
        _joinedLength += bytes.Length;
    }

    /// <summary>Skips a UTF-8 BOM at the very start; false while too few bytes arrived to tell.</summary>
    private bool SkipBom()
    {
        var unread = _buffer.AsSpan(_start, _end - _start);
        ReadOnlySpan<byte> bom = [0xEF, 0xBB, 0xBF];
        if (unread.Length < bom.Length && bom.StartsWith(unread) && !_ended)
        {
            return false;
        }

        _bomChecked = true;
        if (unread.StartsWith(bom))
        {
            _start += bom.Length;
        }

        return true;
    }
}
