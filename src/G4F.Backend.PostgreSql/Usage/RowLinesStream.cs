using G4F.Backend.PostgreSql.Schema;
using Npgsql;

namespace G4F.Backend.PostgreSql.Usage;

/// <summary>
/// The <c>bytea</c> first column of a query's rows as one read-only stream, each row followed by <c>\n</c>: a day of
/// usage served as JSON Lines without holding the day in memory. The query's snapshot is taken when it starts, so lines
/// appended while the stream is read are not part of it. Owns the connection, command and reader, and the reader slot
/// (<see cref="ReaderSlots"/>), given back after the connection went back to the pool.
/// </summary>
internal sealed class RowLinesStream : Stream
{
    private readonly NpgsqlConnection _connection;
    private readonly NpgsqlCommand _command;
    private readonly NpgsqlDataReader _reader;
    private readonly ReaderSlots.Slot _slot;
    private byte[] _row = [];
    private int _offset;
    private bool _newlinePending;
    private bool _ended;

    private RowLinesStream(NpgsqlConnection connection, NpgsqlCommand command, NpgsqlDataReader reader, ReaderSlots.Slot slot)
    {
        _connection = connection;
        _command = command;
        _reader = reader;
        _slot = slot;
    }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    /// <summary>Runs <paramref name="command"/>; null (everything disposed) when it has no row.</summary>
    public static async Task<Stream?> OpenAsync(NpgsqlConnection connection, NpgsqlCommand command, ReaderSlots.Slot slot, CancellationToken cancellationToken)
    {
        NpgsqlDataReader? reader = null;
        try
        {
            reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            var stream = new RowLinesStream(connection, command, reader, slot);
            if (await stream.NextRowAsync(cancellationToken).ConfigureAwait(false))
            {
                return stream;
            }
        }
        catch
        {
            await DisposeAllAsync(reader, command, connection, slot).ConfigureAwait(false);
            throw;
        }

        await DisposeAllAsync(reader, command, connection, slot).ConfigureAwait(false);
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
        await DisposeAllAsync(_reader, _command, _connection, _slot).ConfigureAwait(false);
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
                _connection.Dispose();
            }
            finally
            {
                _slot.Dispose();
            }
        }

        base.Dispose(disposing);
    }

    private static async ValueTask DisposeAllAsync(NpgsqlDataReader? reader, NpgsqlCommand command, NpgsqlConnection connection, ReaderSlots.Slot slot)
    {
        try
        {
            if (reader is not null)
            {
                await reader.DisposeAsync().ConfigureAwait(false);
            }

            await command.DisposeAsync().ConfigureAwait(false);
            await connection.DisposeAsync().ConfigureAwait(false);
        }
        finally
        {
            slot.Dispose();
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
