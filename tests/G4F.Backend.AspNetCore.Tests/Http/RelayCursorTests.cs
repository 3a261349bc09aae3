using System.Buffers;
using System.IO.Pipelines;
using System.Threading.Channels;
using G4F.Backend.AspNetCore.Http;
using G4F.Backend.AspNetCore.Tests.Infrastructure;

namespace G4F.Backend.AspNetCore.Tests.Http;

/// <summary>When a relayed stream's written items are flushed: before every wait for the source, and in bounded batches otherwise.</summary>
public sealed class RelayCursorTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task The_first_item_leaves_at_once_and_the_rest_in_hand_leave_in_one_write_before_the_wait()
    {
        var source = Channel.CreateUnbounded<byte[]>();
        for (var i = 0; i < 10; i++)
        {
            source.Writer.TryWrite(Item(i, 100));
        }

        var pipe = new Pipe();
        var writer = new CountingPipeWriter(pipe.Writer);
        var cursor = new RelayCursor<byte[]>(source.Reader.ReadAllAsync(), writer, CancellationToken.None);
        for (var i = 0; i < 10; i++)
        {
            (await cursor.MoveNextAsync()).Should().BeTrue();
            cursor.Output.Write(cursor.Current);
        }

        writer.Flushes.Should().Be(1, "only the first item left at once; the others were in hand when the cursor moved to them");
        var waiting = cursor.MoveNextAsync();

        waiting.IsCompleted.Should().BeFalse("the source has nothing more yet");
        writer.Flushes.Should().Be(2, "what was written is flushed before the wait");
        writer.Writes.Should().Be(2, "a batch goes to the response in one write");
        (await ReadAsync(pipe.Reader)).Should().Be(1000);

        source.Writer.TryWrite(Item(10, 100));
        (await waiting.AsTask().WaitAsync(Bound)).Should().BeTrue();
        cursor.Current[0].Should().Be(10);
        await cursor.DisposeAsync();
    }

    [Fact]
    public async Task The_first_item_after_a_wait_leaves_at_once()
    {
        var source = Channel.CreateUnbounded<byte[]>();
        var pipe = new Pipe();
        var writer = new CountingPipeWriter(pipe.Writer);
        var cursor = new RelayCursor<byte[]>(source.Reader.ReadAllAsync(), writer, CancellationToken.None);
        source.Writer.TryWrite(Item(0, 10));
        (await cursor.MoveNextAsync()).Should().BeTrue();
        cursor.Output.Write(cursor.Current);
        var waiting = cursor.MoveNextAsync();
        (await ReadAsync(pipe.Reader)).Should().Be(10);

        source.Writer.TryWrite(Item(1, 20));
        (await waiting.AsTask().WaitAsync(Bound)).Should().BeTrue();
        cursor.Output.Write(cursor.Current);
        source.Writer.TryWrite(Item(2, 30));
        source.Writer.TryWrite(Item(3, 40));
        (await cursor.MoveNextAsync()).Should().BeTrue("the next item is in hand");

        writer.Flushes.Should().Be(2, "the item after the wait left before the cursor moved on");
        (await ReadAsync(pipe.Reader)).Should().Be(20);
        cursor.Output.Write(cursor.Current);
        (await cursor.MoveNextAsync()).Should().BeTrue();
        cursor.Output.Write(cursor.Current);
        writer.Flushes.Should().Be(2, "items in hand after the first of a burst are batched");

        source.Writer.Complete();
        (await cursor.MoveNextAsync()).Should().BeFalse();
        (await cursor.FlushAsync()).Should().BeTrue();
        (await ReadAsync(pipe.Reader)).Should().Be(70);
        await cursor.DisposeAsync();
    }

    [Fact]
    public async Task After_the_first_item_after_a_wait_is_flushed_the_thread_is_handed_back_before_the_rest_in_hand_is_made()
    {
        var source = Channel.CreateUnbounded<byte[]>();
        var pipe = new Pipe();
        var writer = new CountingPipeWriter(pipe.Writer);
        var cursor = new RelayCursor<byte[]>(source.Reader.ReadAllAsync(), writer, CancellationToken.None, serverIdle: () => true);
        var posts = new HeldPosts();

        // The stream's first item leaves at once, but it is not the first after a wait: the thread is not handed back.
        source.Writer.TryWrite(Item(0, 10));
        source.Writer.TryWrite(Item(1, 10));
        (await cursor.MoveNextAsync()).Should().BeTrue();
        cursor.Output.Write(cursor.Current);
        var second = posts.Run(cursor.MoveNextAsync);
        second.IsCompleted.Should().BeTrue("the stream's first item is not the first after a wait");
        posts.Count.Should().Be(0);
        cursor.Output.Write(cursor.Current);
        var waiting = cursor.MoveNextAsync();
        (await ReadAsync(pipe.Reader)).Should().Be(20);

        // A burst arrives after the wait: its first item is flushed, then the move yields before making the next.
        source.Writer.TryWrite(Item(2, 20));
        source.Writer.TryWrite(Item(3, 30));
        source.Writer.TryWrite(Item(4, 40));
        (await waiting.AsTask().WaitAsync(Bound)).Should().BeTrue();
        cursor.Output.Write(cursor.Current);
        var afterFirst = posts.Run(cursor.MoveNextAsync);

        writer.Flushes.Should().Be(3, "the burst's first item was flushed (after the stream's first item and the flush before the wait)");
        afterFirst.IsCompleted.Should().BeFalse("the thread is handed back so the server can send that flush");
        posts.Count.Should().Be(1);
        posts.RunAll();
        (await afterFirst.AsTask().WaitAsync(Bound)).Should().BeTrue();
        cursor.Current[0].Should().Be(3);

        // The rest of the burst is batched as before, without handing the thread back again.
        cursor.Output.Write(cursor.Current);
        var third = posts.Run(cursor.MoveNextAsync);
        third.IsCompleted.Should().BeTrue();
        posts.Count.Should().Be(0);
        writer.Flushes.Should().Be(3);
        await cursor.DisposeAsync();
    }

    [Fact]
    public async Task A_first_item_the_source_waited_for_before_the_relay_began_hands_the_thread_back_after_its_flush()
    {
        var items = Enumerable.Range(0, 3).Select(i => Item(i, 10)).ToAsyncEnumerable();
        var writer = new CountingPipeWriter(new Pipe().Writer);
        var cursor = new RelayCursor<byte[]>(items, writer, CancellationToken.None, serverIdle: () => true, firstAfterWait: true);
        var posts = new HeldPosts();
        (await cursor.MoveNextAsync()).Should().BeTrue();
        cursor.Output.Write(cursor.Current);

        var second = posts.Run(cursor.MoveNextAsync);

        writer.Flushes.Should().Be(1);
        second.IsCompleted.Should().BeFalse("the first item is the first after a wait the source did before the relay began");
        posts.Count.Should().Be(1);
        posts.RunAll();
        (await second.AsTask().WaitAsync(Bound)).Should().BeTrue();
        await cursor.DisposeAsync();
    }

    [Fact]
    public async Task On_a_server_with_work_queued_the_first_item_of_a_burst_is_flushed_without_handing_the_thread_back()
    {
        var source = Channel.CreateUnbounded<byte[]>();
        var pipe = new Pipe();
        var writer = new CountingPipeWriter(pipe.Writer);
        var cursor = new RelayCursor<byte[]>(source.Reader.ReadAllAsync(), writer, CancellationToken.None, serverIdle: () => false);
        var posts = new HeldPosts();
        var waiting = cursor.MoveNextAsync();

        source.Writer.TryWrite(Item(0, 10));
        source.Writer.TryWrite(Item(1, 20));
        (await waiting.AsTask().WaitAsync(Bound)).Should().BeTrue();
        cursor.Output.Write(cursor.Current);
        var afterFirst = posts.Run(cursor.MoveNextAsync);

        writer.Flushes.Should().Be(1, "the burst's first item still leaves at once");
        afterFirst.IsCompleted.Should().BeTrue("a busy server sends the flush after the work queued before it anyway");
        posts.Count.Should().Be(0);
        (await afterFirst).Should().BeTrue();
        await cursor.DisposeAsync();
    }

    [Fact]
    public async Task A_batch_is_sent_once_it_holds_the_most_a_batch_may_even_with_more_in_hand()
    {
        const int ItemBytes = 1024;
        const int Items = 100;
        const int PerBatch = RelayCursor<byte[]>.MaxBatchBytes / ItemBytes;
        var items = Enumerable.Range(0, Items).Select(i => Item(i, ItemBytes)).ToAsyncEnumerable();
        var pipe = new Pipe(new PipeOptions(pauseWriterThreshold: 0));
        var writer = new CountingPipeWriter(pipe.Writer);
        var cursor = new RelayCursor<byte[]>(items, writer, CancellationToken.None);

        while (await cursor.MoveNextAsync())
        {
            cursor.Output.Write(cursor.Current);
        }

        writer.LargestFlushBytes.Should().Be(RelayCursor<byte[]>.MaxBatchBytes);
        writer.Flushes.Should().Be(1 + ((Items - 1) / PerBatch), "the first item leaves alone, then full batches");
        writer.UnflushedBytes.Should().Be(0, "the last batch is the relay's to send, with what it writes after the items");
        (await cursor.FlushAsync()).Should().BeTrue();
        writer.LastFlushBytes.Should().Be((Items - 1) % PerBatch * ItemBytes);
        await cursor.DisposeAsync();
    }

    [Fact]
    public async Task A_move_that_fails_sends_the_batch_before_it_throws()
    {
        var pipe = new Pipe();
        var writer = new CountingPipeWriter(pipe.Writer);
        var cursor = new RelayCursor<byte[]>(FailingAfter(3), writer, CancellationToken.None);
        var act = async () =>
        {
            while (await cursor.MoveNextAsync())
            {
                cursor.Output.Write(cursor.Current);
            }
        };

        await act.Should().ThrowAsync<InvalidOperationException>();

        writer.Flushes.Should().Be(2);
        (await ReadAsync(pipe.Reader)).Should().Be(30, "the items before the failure reach the client");
        await cursor.DisposeAsync();
    }

    [Fact]
    public async Task Items_without_output_send_nothing()
    {
        var writer = new CountingPipeWriter(new Pipe().Writer);
        var cursor = new RelayCursor<byte[]>(Enumerable.Range(0, 5).Select(i => Item(i, 10)).ToAsyncEnumerable(), writer, CancellationToken.None);

        while (await cursor.MoveNextAsync())
        {
        }

        writer.Flushes.Should().Be(0);
        writer.Writes.Should().Be(0);
        await cursor.DisposeAsync();
    }

    [Fact]
    public async Task A_client_gone_at_a_flush_ends_the_walk()
    {
        var source = Channel.CreateUnbounded<byte[]>();
        source.Writer.TryWrite(Item(0, 10));
        var pipe = new Pipe();
        var writer = new CountingPipeWriter(pipe.Writer);
        var cursor = new RelayCursor<byte[]>(source.Reader.ReadAllAsync(), writer, CancellationToken.None);
        (await cursor.MoveNextAsync()).Should().BeTrue();
        cursor.Output.Write(cursor.Current);
        await pipe.Reader.CompleteAsync();

        var moving = cursor.MoveNextAsync();
        source.Writer.TryWrite(Item(1, 10));

        (await moving.AsTask().WaitAsync(Bound)).Should().BeFalse();
        cursor.ClientGone.Should().BeTrue();
        cursor.Output.Write(cursor.Current);
        (await cursor.FlushAsync()).Should().BeFalse();
        writer.Flushes.Should().Be(1, "nothing more is sent to a client that is gone");
        await cursor.DisposeAsync();
    }

    private static async IAsyncEnumerable<byte[]> FailingAfter(int count)
    {
        for (var i = 0; i < count; i++)
        {
            yield return Item(i, 10);
        }

        await Task.CompletedTask;
        throw new InvalidOperationException("the source failed");
    }

    private static async Task<long> ReadAsync(PipeReader reader)
    {
        var read = await reader.ReadAsync().AsTask().WaitAsync(Bound);
        var length = read.Buffer.Length;
        reader.AdvanceTo(read.Buffer.End);
        return length;
    }

    private static byte[] Item(int index, int length)
    {
        var item = new byte[length];
        item[0] = (byte)index;
        return item;
    }

    /// <summary>A synchronization context that holds what is posted to it until the test runs it.</summary>
    private sealed class HeldPosts : SynchronizationContext
    {
        private readonly Queue<(SendOrPostCallback Callback, object? State)> _posts = new();

        public int Count => _posts.Count;

        public override void Post(SendOrPostCallback d, object? state) => _posts.Enqueue((d, state));

        /// <summary>Calls <paramref name="move"/> with this context current, so a yield inside it is held here.</summary>
        public ValueTask<bool> Run(Func<ValueTask<bool>> move)
        {
            var previous = Current;
            SetSynchronizationContext(this);
            try
            {
                return move();
            }
            finally
            {
                SetSynchronizationContext(previous);
            }
        }

        public void RunAll()
        {
            while (_posts.TryDequeue(out var post))
            {
                post.Callback(post.State);
            }
        }
    }
}
