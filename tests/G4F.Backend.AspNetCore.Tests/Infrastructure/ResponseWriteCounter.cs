using System.IO.Pipelines;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http.Features;

namespace G4F.Backend.AspNetCore.Tests.Infrastructure;

/// <summary>
/// Counts, over every response of the host, the writes (advances) into the response body's pipe and its flushes: how a
/// route hands its output to the server, which the bytes a client reads cannot show. Registered as a startup filter.
/// </summary>
internal sealed class ResponseWriteCounter : IStartupFilter
{
    private int _writes;
    private int _flushes;

    public int Writes => Volatile.Read(ref _writes);

    public int Flushes => Volatile.Read(ref _flushes);

    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use(async (context, nextMiddleware) =>
        {
            var body = context.Features.Get<IHttpResponseBodyFeature>()!;
            context.Features.Set<IHttpResponseBodyFeature>(new CountingBody(body, this));
            await nextMiddleware(context);
        });
        next(app);
    };

    private sealed class CountingBody(IHttpResponseBodyFeature inner, ResponseWriteCounter counter) : IHttpResponseBodyFeature
    {
        private readonly CountingWriter _writer = new(inner.Writer, counter);

        public Stream Stream => inner.Stream;

        public PipeWriter Writer => _writer;

        public Task CompleteAsync() => inner.CompleteAsync();

        public void DisableBuffering() => inner.DisableBuffering();

        public Task SendFileAsync(string path, long offset, long? count, CancellationToken cancellationToken = default) =>
            inner.SendFileAsync(path, offset, count, cancellationToken);

        public Task StartAsync(CancellationToken cancellationToken = default) => inner.StartAsync(cancellationToken);
    }

    private sealed class CountingWriter(PipeWriter inner, ResponseWriteCounter counter) : PipeWriter
    {
        public override bool CanGetUnflushedBytes => inner.CanGetUnflushedBytes;

        public override long UnflushedBytes => inner.UnflushedBytes;

        public override void Advance(int bytes)
        {
            Interlocked.Increment(ref counter._writes);
            inner.Advance(bytes);
        }

        public override Memory<byte> GetMemory(int sizeHint = 0) => inner.GetMemory(sizeHint);

        public override Span<byte> GetSpan(int sizeHint = 0) => inner.GetSpan(sizeHint);

        public override void CancelPendingFlush() => inner.CancelPendingFlush();

        public override void Complete(Exception? exception = null) => inner.Complete(exception);

        public override ValueTask CompleteAsync(Exception? exception = null) => inner.CompleteAsync(exception);

        public override ValueTask<FlushResult> FlushAsync(CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref counter._flushes);
            return inner.FlushAsync(cancellationToken);
        }
    }
}
