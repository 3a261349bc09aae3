using System.Buffers;

namespace G4F.Backend.AspNetCore.Http;

/// <summary>
/// Where a relay stages the bytes of the items it has in hand until they are flushed together: a pooled array, so the
/// response's writer (whose every call takes a lock in Kestrel) is called once a batch instead of several times an item.
/// </summary>
internal sealed class RelayBuffer : IBufferWriter<byte>, IDisposable
{
    private const int InitialSize = 4096;

    // An array grown past this by one large item is given back once it is flushed, not kept for the rest of the stream.
    private const int MaxKeptSize = 64 * 1024;

    private byte[] _array = ArrayPool<byte>.Shared.Rent(InitialSize);

    /// <summary>How many bytes are staged.</summary>
    public int WrittenCount { get; private set; }

    /// <summary>The staged bytes.</summary>
    public ReadOnlySpan<byte> WrittenSpan => _array.AsSpan(0, WrittenCount);

    public void Advance(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, _array.Length - WrittenCount);
        WrittenCount += count;
    }

    public Memory<byte> GetMemory(int sizeHint = 0)
    {
        Ensure(sizeHint);
        return _array.AsMemory(WrittenCount);
    }

    public Span<byte> GetSpan(int sizeHint = 0)
    {
        Ensure(sizeHint);
        return _array.AsSpan(WrittenCount);
    }

    /// <summary>Forgets the bytes staged after the first <paramref name="count"/> (what was written since a mark).</summary>
    public void Truncate(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, WrittenCount);
        WrittenCount = count;
    }

    /// <summary>Forgets the staged bytes.</summary>
    public void Clear()
    {
        WrittenCount = 0;
        if (_array.Length > MaxKeptSize)
        {
            ArrayPool<byte>.Shared.Return(_array);
            _array = ArrayPool<byte>.Shared.Rent(InitialSize);
        }
    }

    public void Dispose()
    {
        var array = _array;
        _array = [];
        WrittenCount = 0;
        if (array.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(array);
        }
    }

    private void Ensure(int sizeHint)
    {
        ObjectDisposedException.ThrowIf(_array.Length == 0, this);
        var needed = WrittenCount + Math.Max(sizeHint, 1);
        if (needed <= _array.Length)
        {
            return;
        }

        // Doubling keeps a stream's growth to a few copies; the array is the largest batch's size at most twice over.
        var grown = ArrayPool<byte>.Shared.Rent((int)Math.Min(Math.Max((long)_array.Length * 2, needed), Array.MaxLength));
        WrittenSpan.CopyTo(grown);
        ArrayPool<byte>.Shared.Return(_array);
        _array = grown;
    }
}
