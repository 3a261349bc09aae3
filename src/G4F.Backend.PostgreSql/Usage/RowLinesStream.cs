using G4F.Backend.PostgreSql.Schema;
using Npgsql;

namespace G4F.Backend.PostgreSql.Usage;

/// <summary>
/// The <c>bytea</c> first column of a query's rows as one read-only stream, each row followed by <c>\n</c>: a day of
/// usage served as JSON Lines without holding the day in memory. The query's snapshot is taken when it starts, so lines
/// appended while the stream is read are not part of it. Owns the reader's connection (<see cref="ReaderConnection"/>),
/// command and data reader.
/// </summary>
internal sealed class RowLinesStream : Stream
{
    private readonly ReaderConnection _connection;
    private readonly NpgsqlCommand _command;
    private readonly NpgsqlDataReader _reader;
    private byte[] _row = [];
    private int _offset;
    private bool _newlinePending;
    private bool _ended;

    private RowLinesStream(ReaderConnection connection, NpgsqlCommand command, NpgsqlDataReader reader)
    {
        _connection = connection;
        _command = command;
        _reader = reader;
    }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    /// <summary>Runs <paramref name="command"/>; null (everything disposed) when it has no row.</summary>
    public static async Task<Stream?> OpenAsync(ReaderConnection connection, NpgsqlCommand command, CancellationToken cancellationToken)
    {
        NpgsqlDataReader? reader = null;
        try
        {
            reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            var stream = new RowLinesStream(connection, command, reader);
            if (await stream.NextRowAsync(cancellationToken).ConfigureAwait(false))
            {
                return stream;
            }
        }
        catch
        {
            await DisposeAllAsync(reader, command, connection).ConfigureAwait(false);
            throw;
        }

        await DisposeAllAsync(reader, command, connection).ConfigureAwait(false);
        return null;
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var written = 0;
        while (written < buffer.Length && !_ended)
        {
            if (_offset < _row.Length)
            {
                var count = Math.Min(_row.Length - _offset, buffer.Length - written);
                _row.AsMemory(_offset, count).CopyTo(buffer[written..]);
                _offset += count;
                written += count;
            }
            else if (_newlinePending)
            {
                buffer.Span[written++] = (byte)'\n';
                _newlinePending = false;
            }
            else if (written > 0)
            {
                // Give what is ready rather than wait for the next row.
                break;
            }
            else
            {
                await NextRowAsync(cancellationToken).ConfigureAwait(false);
            }
        }

        return written;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override async ValueTask DisposeAsync()
    {
        await DisposeAllAsync(_reader, _command, _connection).ConfigureAwait(false);
        await base.DisposeAsync().ConfigureAwait(false);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            try
            {
                _reader.Dispose();
                _command.Dispose();
            }
            finally
            {
                // Also when a broken connection throws on the way out: the reader's slot is never lost.
                _connection.Dispose();
            }
        }

        base.Dispose(disposing);
    }

    private static async ValueTask DisposeAllAsync(NpgsqlDataReader? reader, NpgsqlCommand command, ReaderConnection connection)
    {
        try
        {
            if (reader is not null)
            {
                await reader.DisposeAsync().ConfigureAwait(false);
            }

            await command.DisposeAsync().ConfigureAwait(false);
        }
        finally
        {
            await connection.DisposeAsync().ConfigureAwait(false);
        }
    }

    private async Task<bool> NextRowAsync(CancellationToken cancellationToken)
    {
        if (!await _reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            _ended = true;
            return false;
        }

        _row = await _reader.GetFieldValueAsync<byte[]>(0, cancellationToken).ConfigureAwait(false);
        _offset = 0;
        _newlinePending = true;
        return true;
    }
}
