using System.Buffers;
using System.IO.Pipelines;
using Microsoft.AspNetCore.Http;

namespace G4F.Backend.AspNetCore.Http;

/// <summary>
/// Walks a stream's items for a response that relays them as they come, and decides when what was written for them
/// (into <see cref="Output"/>) goes to the client: always before the walk waits for its source, so no item ever waits
/// for a later one; at once for the first item after a wait, so the first of a burst is not held back by the rest (and
/// the thread is handed back once after that flush, so the server sends it before the rest is made); and
/// otherwise once the batch holds <see cref="MaxBatchBytes"/>. Items that were in hand together (one upstream read that
/// held several chunks) so leave in one write and one flush instead of one each, byte for byte what one flush an item
/// would have sent.
/// </summary>
/// <remarks>
/// The source must not write to the response itself: a flush may run while its next item is being made. A move that
/// fails flushes the batch first, so the items before a failure reach the client as they did one flush an item.
/// </remarks>
internal sealed class RelayCursor<T> : IAsyncDisposable
{
    /// <summary>What a batch may hold before it is flushed even though the next item is already in hand.</summary>
    public const int MaxBatchBytes = 16 * 1024;

    private readonly IAsyncEnumerator<T> _items;
    private readonly PipeWriter _writer;
    private readonly CancellationToken _cancellationToken;
    private readonly RelayBuffer _batch = new();

    // The next staged item leaves at once: the first of the stream, and the first after each wait for the source.
    private bool _flushNext = true;

    // The next staged item is the first after a wait for the source (not merely the stream's first).
    private bool _afterWait;

    private readonly Func<bool> _serverIdle;

    private bool _disposed;

    /// <param name="items">The stream relayed.</param>
    /// <param name="writer">The response's body writer.</param>
    /// <param name="cancellationToken">The request's abort token.</param>
    /// <param name="serverIdle">
    /// Whether the server is far from busy, asked after the flush of a burst's first item; by default, no more streams
    /// are being relayed in this process than it has processors.
    /// </param>
    /// <param name="firstAfterWait">
    /// Whether the first item was waited for before the relay began (a source that awaited it to choose the response),
    /// so it is the first item after a wait although the relay never saw the wait.
    /// </param>
    public RelayCursor(IAsyncEnumerable<T> items, PipeWriter writer, CancellationToken cancellationToken, Func<bool>? serverIdle = null, bool firstAfterWait = false)
    {
        _afterWait = firstAfterWait;
        _serverIdle = serverIdle ?? (static () => RelayedStreams.Few);
        _items = items.GetAsyncEnumerator(cancellationToken);
        _writer = writer;
        _cancellationToken = cancellationToken;

        // Last: a constructor that throws is never disposed, so it must not have counted itself.
        RelayedStreams.Started();
    }

    /// <summary>The item the last <see cref="MoveNextAsync"/> moved to.</summary>
    public T Current => _items.Current;

    /// <summary>Where the relay writes what it sends for an item; nothing else writes to the response meanwhile.</summary>
    public RelayBuffer Output => _batch;

    /// <summary>True once a flush found the client gone (the response's reader completed or the flush cancelled).</summary>
    public bool ClientGone { get; private set; }

    /// <summary>
    /// Whether each batch is sent as one HTTP/1.1 chunk, the body being framed by the application (<see cref="SelfChunkedBody"/>);
    /// set before the first flush.
    /// </summary>
    public bool FramesChunks { get; set; }

    /// <summary>True once <see cref="EndAsync"/> sent the last chunk of a body framed here.</summary>
    public bool Ended { get; private set; }

    /// <summary>
    /// Moves to the next item, first sending the batch when the move must wait, the batch's first item is to leave at
    /// once, or the batch is full. False at the end of the items (the batch is then left for <see cref="EndAsync"/>)
    /// or when the client is gone (<see cref="ClientGone"/>).
    /// </summary>
    public ValueTask<bool> MoveNextAsync()
    {
        var next = _items.MoveNextAsync();
        var staged = _batch.WrittenCount;
        if (staged == 0)
        {
            // Items without output (state a relay only observes) neither start a batch nor end the wait's first item.
            var waits = !next.IsCompleted;
            _flushNext |= waits;
            _afterWait |= waits;
            return next;
        }

        if (!next.IsCompletedSuccessfully)
        {
            return FlushThenMoveAsync(next);
        }

        // Read once (a pooled source's result can be taken only once), so what is returned is a new value.
        if (!next.Result)
        {
            // The end, already in hand: the batch is left for EndAsync, which sends it with the body's end.
            return new(false);
        }

        return !_flushNext && staged < MaxBatchBytes ? new(true) : FlushThenMoveAsync(new(true));
    }

    /// <summary>Sends the batch and flushes; false, sending nothing, when the client is gone.</summary>
    public async ValueTask<bool> FlushAsync()
    {
        if (ClientGone)
        {
            return false;
        }

        SendBatch();
        var flush = await _writer.FlushAsync(_cancellationToken).ConfigureAwait(false);
        ClientGone |= flush.IsCanceled || flush.IsCompleted;
        return !ClientGone;
    }

    /// <summary>
    /// Ends the relay: hands the batch to the response's writer and ends the body. A body framed here gets its last
    /// chunk and one flush; otherwise the response is completed, which sends what is left with the body's end (HTTP/1.1's
    /// last chunk, HTTP/2's end of stream) in one write instead of a flush and then the end apart, and ends the response
    /// before whatever the host's middleware does after the endpoint. False, sending nothing, when the client is gone.
    /// Nothing may be written to the response after this.
    /// </summary>
    /// <param name="response">The response relayed into.</param>
    public async ValueTask<bool> EndAsync(HttpResponse response)
    {
        if (ClientGone)
        {
            return false;
        }

        SendBatch();
        if (FramesChunks)
        {
            SelfChunkedBody.WriteEnd(_writer);
            Ended = true;
            return await FlushAsync().ConfigureAwait(false);
        }

        await response.CompleteAsync().ConfigureAwait(false);
        return true;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_disposed)
        {
            _disposed = true;
            RelayedStreams.Ended();
        }

        try
        {
            await _items.DisposeAsync().ConfigureAwait(false);
        }
        finally
        {
            _batch.Dispose();
        }
    }

    /// <summary>Hands the batch to the response's writer (as one chunk when the body is framed here) without flushing.</summary>
    private void SendBatch()
    {
        if (_batch.WrittenCount == 0)
        {
            return;
        }

        if (FramesChunks)
        {
            SelfChunkedBody.WriteChunk(_writer, _batch.WrittenSpan);
        }
        else
        {
            _writer.Write(_batch.WrittenSpan);
        }

        _batch.Clear();
    }

    private async ValueTask<bool> FlushThenMoveAsync(ValueTask<bool> next)
    {
        var yieldAfter = _afterWait && next.IsCompleted;
        _flushNext = _afterWait = !next.IsCompleted;
        await FlushAsync().ConfigureAwait(false);
        if (yieldAfter && !ClientGone && _serverIdle())
        {
            // Kestrel sends what a flush handed it from another thread-pool work item, which on a busy core runs only
            // once this one lets go: without this, the first content of a burst already in hand would leave with the
            // last, after every item of the burst was made (its time to first content that of the whole burst). On a
            // server relaying more streams than it has processors, the send waits behind their work anyway, and the
            // yield would only split a write the burst's rest can share (measured: 12 % more CPU a conversation stream
            // at concurrency 64).
            await Task.Yield();
        }

        // The move already began, so it is awaited even for a client that is gone (an enumerator must not be disposed
        // while a move is in flight); the request's cancellation ends it soon after.
        var moved = await next.ConfigureAwait(false);
        return moved && !ClientGone;
    }
}
