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
    private readonly string _user;
    private readonly JsonLineReader _lines;
    private readonly UsageLineParser _parser = new();

    // The matched line waiting to be read: _pending, then a '\n' when the line had none.
    private ReadOnlyMemory<byte> _pending;
    private bool _newlinePending;

    private UserUsageLines(Stream day, string user, int maxLineBytes)
        : base(day)
    {
        _user = user;
        _lines = new JsonLineReader(day, maxLineBytes);
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

        if (_pending.IsEmpty)
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

        var count = Math.Min(buffer.Length, _pending.Length);
        _pending.Span[..count].CopyTo(buffer.Span);
        _pending = _pending[count..];
        return count;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _lines.Dispose();
        }

        base.Dispose(disposing);
    }

    /// <summary>Finds the next line of the user and makes it the pending output; false at the end of the day.</summary>
    private async ValueTask<bool> NextLineAsync(CancellationToken cancellationToken)
    {
        while (await _lines.NextAsync(cancellationToken).ConfigureAwait(false))
        {
            if (Matches(_lines.Line.Span))
            {
                // A served line always ends in '\n': the one it had, or one added to a torn last line.
                _pending = _lines.LineAsRead;
                _newlinePending = !_lines.LineEnded;
                return true;
            }
        }

        return false;
    }

    private bool Matches(ReadOnlySpan<byte> line)
    {
        if (!_parser.TryParse(line))
        {
            return false;
        }

        var user = _parser.User;
        return (user.IsEmpty ? UsageCounting.Unknown : user).SequenceEqual(_user);
    }
}
