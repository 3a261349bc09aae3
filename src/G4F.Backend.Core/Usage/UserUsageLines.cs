using G4F.Backend.Storage;

namespace G4F.Backend.Usage;

/// <summary>
/// A day's usage lines reduced to those of one user, read lazily from the day's stream: never more than one line
/// (and one read buffer) in memory, however large the day. A line matches as <c>/stats?user=</c> matches it: its
/// <c>user</c>, or <c>unknown</c> when it has none, equals the user exactly. Lines longer than the limit, and lines
/// that are not one JSON object, are left out; each line served ends in <c>\n</c>; a byte order mark is dropped.
/// </summary>
internal sealed class UserUsageLines : ReadOnlyWrapperStream
{
    private const int InitialBufferSize = 64 * 1024;

    private readonly string _user;
    private readonly int _maxLineBytes;
    private readonly UsageLineParser _parser = new();
    private byte[] _buffer = new byte[InitialBufferSize];
    private int _start;
    private int _scanned;
    private int _end;
    private bool _first = true;
    private bool _endOfSource;
    private bool _skipping;

    // The matched line waiting to be read: _buffer[_outStart.._outEnd), then a '\n' when the line had none.
    private int _outStart;
    private int _outEnd;
    private bool _newlinePending;

    private UserUsageLines(Stream day, string user, int maxLineBytes)
        : base(day)
    {
        _user = user;
        _maxLineBytes = maxLineBytes;
    }

    /// <summary>
    /// The lines of <paramref name="user"/> in <paramref name="day"/>, or null (and <paramref name="day"/> disposed)
    /// when it has none; otherwise the result owns <paramref name="day"/>.
    /// </summary>
    public static async Task<Stream?> OpenAsync(Stream day, string user, int maxLineBytes, CancellationToken cancellationToken)
    {
        var lines = new UserUsageLines(day, user, maxLineBytes);
        try
        {
            // The first line is found before the answer starts, so a day without the user's lines is a 404.
            if (await lines.NextLineAsync(cancellationToken).ConfigureAwait(false))
            {
                var found = lines;
                lines = null;
                return found;
            }

            return null;
        }
        finally
        {
            if (lines is not null)
            {
                await lines.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    public override int Read(Span<byte> buffer)
    {
        var rented = new byte[buffer.Length];
        var read = ReadAsync(rented, CancellationToken.None).AsTask().GetAwaiter().GetResult();
        rented.AsSpan(0, read).CopyTo(buffer);
        return read;
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (buffer.IsEmpty)
        {
            return 0;
        }

        if (_outStart == _outEnd)
        {
            if (_newlinePending)
            {
                _newlinePending = false;
                buffer.Span[0] = (byte)'\n';
                return 1;
            }

            if (!await NextLineAsync(cancellationToken).ConfigureAwait(false))
            {
                return 0;
            }
        }

        var count = Math.Min(buffer.Length, _outEnd - _outStart);
        _buffer.AsSpan(_outStart, count).CopyTo(buffer.Span);
        _outStart += count;
        return count;
    }

    /// <summary>Finds the next line of the user and makes it the pending output; false at the end of the day.</summary>
    private async ValueTask<bool> NextLineAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var index = _buffer.AsSpan(_scanned, _end - _scanned).IndexOf((byte)'\n');
            if (index >= 0)
            {
                var lineStart = _start;
                var lineEnd = _scanned + index;
                _start = _scanned = lineEnd + 1;
                if (!_skipping && Matches(lineStart, lineEnd))
                {
                    (_outStart, _outEnd) = (lineStart, lineEnd + 1);
                    return true;
                }

                _skipping = false;
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
                // A last line without '\n' (a crash tore it, or the file was edited): served with one when it matches.
                var found = !_skipping && _end > _start && Matches(_start, _end);
                (_outStart, _outEnd, _newlinePending) = (_start, _end, found);
                _start = _scanned = _end;
                return found;
            }

            await FillAsync(cancellationToken).ConfigureAwait(false);
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
            Array.Resize(ref _buffer, _buffer.Length * 2);
        }

        var read = await Inner.ReadAsync(_buffer.AsMemory(_end), cancellationToken).ConfigureAwait(false);
        _endOfSource = read == 0;
        _end += read;
        if (_first && _end >= 3)
        {
            _first = false;
            if (_buffer.AsSpan(0, 3).SequenceEqual("\uFEFF"u8))
            {
                _start = _scanned = 3;
            }
        }
    }

    private bool Matches(int start, int end)
    {
        if (end - start > _maxLineBytes || !_parser.TryParse(_buffer.AsSpan(start, end - start)))
        {
            return false;
        }

        var user = _parser.User;
        return (user.IsEmpty ? UsageAggregator.Unknown : user).SequenceEqual(_user);
    }
}
