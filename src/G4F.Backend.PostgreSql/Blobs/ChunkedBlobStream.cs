using G4F.Backend.PostgreSql.Schema;
using Npgsql;

namespace G4F.Backend.PostgreSql.Blobs;

/// <summary>
/// One version of a blob read on demand: a read fetches the chunk under the position (one short query) and keeps only
/// that chunk, so a seek costs nothing until the next read and memory stays at one chunk whatever the blob's size. The
/// reads run on the connection and in the repeatable-read transaction that found the version, held until the stream is
/// disposed: a newer write or a delete deletes the version's rows at once, and this reader still reads them from its
/// snapshot to the end, as a reader of a deleted file does on disk. The connection is a reader's
/// (<see cref="ReaderConnection"/>): disposing the stream ends the transaction, then gives the connection and its slot back.
/// </summary>
internal sealed class ChunkedBlobStream(ReaderConnection reader, NpgsqlTransaction transaction, long blobId, long length) : Stream
{
    private const string ChunkSql = "SELECT data FROM g4f_blob_chunks WHERE blob_id = $1 AND chunk = $2";

    private byte[]? _chunk;
    private int _chunkIndex = -1;
    private long _position;
    private bool _disposed;

    public override bool CanRead => !_disposed;

    public override bool CanSeek => !_disposed;

    public override bool CanWrite => false;

    public override long Length => length;

    public override long Position
    {
        get => _position;
        set
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value);
            _position = value;
        }
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (buffer.IsEmpty || _position >= length)
        {
            return 0;
        }

        var index = ChunkIndex();
        if (index != _chunkIndex)
        {
            using var command = Command(index);
            Keep(index, command.ExecuteScalar() as byte[]);
        }

        return CopyOut(buffer);
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (buffer.IsEmpty || _position >= length)
        {
            return 0;
        }

        var index = ChunkIndex();
        if (index != _chunkIndex)
        {
            using var command = Command(index);
            Keep(index, await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) as byte[]);
        }

        return CopyOut(buffer.Span);
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override long Seek(long offset, SeekOrigin origin)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var target = origin switch
        {
            SeekOrigin.Begin => offset,
            SeekOrigin.Current => _position + offset,
            SeekOrigin.End => length + offset,
            _ => throw new ArgumentOutOfRangeException(nameof(origin)),
        };
        if (target < 0)
        {
            throw new IOException("A seek before the start of the blob.");
        }

        _position = target;
        return target;
    }

    public override void Flush()
    {
    }

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing && !_disposed)
        {
            _disposed = true;
            try
            {
                // A read-only transaction: ending it releases the snapshot, and the connection goes back to the pool.
                transaction.Dispose();
            }
            finally
            {
                // Also when a broken connection (a read that failed) throws on the way out: the slot is never lost.
                reader.Dispose();
            }
        }

        _disposed = true;
        _chunk = null;
        base.Dispose(disposing);
    }

    public override async ValueTask DisposeAsync()
    {
        if (!_disposed)
        {
            _disposed = true;
            _chunk = null;
            try
            {
                await transaction.DisposeAsync().ConfigureAwait(false);
            }
            finally
            {
                await reader.DisposeAsync().ConfigureAwait(false);
            }
        }

        GC.SuppressFinalize(this);
    }

    private int ChunkIndex() => checked((int)(_position / PostgreSqlBlobs.ChunkSize));

    private NpgsqlCommand Command(int index) =>
        new(ChunkSql, reader.Connection, transaction) { Parameters = { new() { Value = blobId }, new() { Value = index } } };

    private void Keep(int index, byte[]? chunk)
    {
        var expected = (int)Math.Min(PostgreSqlBlobs.ChunkSize, length - ((long)index * PostgreSqlBlobs.ChunkSize));
        if (chunk is null || chunk.Length != expected)
        {
            // Not in the snapshot: the rows are not what the version's length says.
            throw new IOException("The blob's bytes are not all there.");
        }

        _chunk = chunk;
        _chunkIndex = index;
    }

    private int CopyOut(Span<byte> buffer)
    {
        var inChunk = (int)(_position - ((long)_chunkIndex * PostgreSqlBlobs.ChunkSize));
        var count = Math.Min(buffer.Length, _chunk!.Length - inChunk);
        _chunk.AsSpan(inChunk, count).CopyTo(buffer);
        _position += count;
        return count;
    }
}
