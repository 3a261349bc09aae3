using System.Collections.Concurrent;
using System.IO.Pipelines;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http.Features;

namespace G4F.Backend.AspNetCore.Tests.Infrastructure;

/// <summary>
/// Counts, over every response of the host, the writes (advances) into the response body's pipe, its flushes and the largest pieces: how a
/// route hands its output to the server, which the bytes a client reads cannot show. Registered as a startup filter.
/// </summary>
internal sealed class ResponseWriteCounter : IStartupFilter
{
    private readonly ConcurrentQueue<CountingPipeWriter> _writers = new();

    public int Writes => _writers.Sum(writer => writer.Writes);

    public int Flushes => _writers.Sum(writer => writer.Flushes);

    /// <summary>The bytes the responses wrote after their last flush: left for the server to send as it ends them.</summary>
    public long WrittenSinceFlush => _writers.Sum(writer => writer.WrittenSinceFlush);

    /// <summary>The largest buffer a response asked its body's pipe for (<see cref="CountingPipeWriter.LargestSizeHint"/>).</summary>
    public int LargestSizeHint => _writers.Select(writer => writer.LargestSizeHint).DefaultIfEmpty().Max();

    /// <summary>The most bytes one flush of a response sent (<see cref="CountingPipeWriter.LargestFlushBytes"/>).</summary>
    public long LargestFlushBytes => _writers.Select(writer => writer.LargestFlushBytes).DefaultIfEmpty().Max();

    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use(async (context, nextMiddleware) =>
        {
            var body = context.Features.Get<IHttpResponseBodyFeature>()!;
            var writer = new CountingPipeWriter(body.Writer);
            _writers.Enqueue(writer);
            context.Features.Set<IHttpResponseBodyFeature>(new CountingBody(body, writer));
            await nextMiddleware(context);
        });
        next(app);
    };

    private sealed class CountingBody(IHttpResponseBodyFeature inner, CountingPipeWriter writer) : IHttpResponseBodyFeature
    {
        public Stream Stream => inner.Stream;

        public PipeWriter Writer => writer;

        public Task CompleteAsync() => inner.CompleteAsync();

        public void DisableBuffering() => inner.DisableBuffering();

        public Task SendFileAsync(string path, long offset, long? count, CancellationToken cancellationToken = default) =>
            inner.SendFileAsync(path, offset, count, cancellationToken);

        public Task StartAsync(CancellationToken cancellationToken = default) => inner.StartAsync(cancellationToken);
    }
}
