using System.IO.Pipelines;

namespace G4F.Backend.AspNetCore.Tests.Infrastructure;

/// <summary>
/// A pipe writer that passes everything to <paramref name="inner"/> and counts how output is handed to it: the writes
/// (advances), the flushes, the unflushed bytes each flush sent, and the largest buffer asked for.
/// </summary>
internal sealed class CountingPipeWriter(PipeWriter inner) : PipeWriter
{
    private int _writes;
    private int _flushes;
    private long _sinceFlush;

    public int Writes => Volatile.Read(ref _writes);

    public int Flushes => Volatile.Read(ref _flushes);

    /// <summary>The bytes the largest flush sent (the inner writer must count its unflushed bytes).</summary>
    public long LargestFlushBytes { get; private set; }

    /// <summary>The bytes the last flush sent.</summary>
    public long LastFlushBytes { get; private set; }

    /// <summary>The largest size hint of a <see cref="GetMemory"/> or <see cref="GetSpan"/>: the most output written in one piece.</summary>
    public int LargestSizeHint { get; private set; }

    /// <summary>The bytes written through this writer since its last flush: what it left for the server to send.</summary>
    public long WrittenSinceFlush => Interlocked.Read(ref _sinceFlush);

    public override bool CanGetUnflushedBytes => inner.CanGetUnflushedBytes;

    public override long UnflushedBytes => inner.UnflushedBytes;

    public override void Advance(int bytes)
    {
        Interlocked.Increment(ref _writes);
        Interlocked.Add(ref _sinceFlush, bytes);
        inner.Advance(bytes);
    }

    public override Memory<byte> GetMemory(int sizeHint = 0)
    {
        LargestSizeHint = Math.Max(LargestSizeHint, sizeHint);
        return inner.GetMemory(sizeHint);
    }

    public override Span<byte> GetSpan(int sizeHint = 0)
    {
        LargestSizeHint = Math.Max(LargestSizeHint, sizeHint);
        return inner.GetSpan(sizeHint);
    }

    public override void CancelPendingFlush() => inner.CancelPendingFlush();

    public override void Complete(Exception? exception = null) => inner.Complete(exception);

    public override ValueTask CompleteAsync(Exception? exception = null) => inner.CompleteAsync(exception);

    public override ValueTask<FlushResult> FlushAsync(CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _flushes);
        Interlocked.Exchange(ref _sinceFlush, 0);
        if (inner.CanGetUnflushedBytes)
        {
            LastFlushBytes = inner.UnflushedBytes;
            LargestFlushBytes = Math.Max(LargestFlushBytes, LastFlushBytes);
        }

        return inner.FlushAsync(cancellationToken);
    }
}
