using G4F.Backend.Documents;

namespace G4F.Backend.Core.Tests.Documents;

/// <summary>
/// Runs one converter on bytes and reports what it cost: the bytes it read from its input and the bytes it allocated on
/// the test's thread (a refusal made from a file's end records or a count must come before the parser reads or builds
/// anything). The converters complete synchronously on a memory stream up to such a refusal, so the thread's count is all.
/// </summary>
internal static class ConversionProbe
{
    public static async Task<(Exception? Error, long BytesRead, long Allocated)> RunAsync(ConverterHarness harness, string fileName, byte[] content)
    {
        var converter = harness.Converters.Find(fileName, null) ?? throw new InvalidOperationException($"No converter for {fileName}");
        await using var input = new CountingStream(content);
        await using var output = new StringWriter();
        var before = GC.GetAllocatedBytesForCurrentThread();
        Exception? error = null;
        try
        {
            await converter.ConvertAsync(new DocumentInput(fileName, null, input), output, CancellationToken.None);
        }
        catch (Exception ex)
        {
            error = ex;
        }

        return (error, input.BytesRead, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    // Each read is delegated once to the inner stream, so nothing is counted twice.
    private sealed class CountingStream(byte[] content) : Stream
    {
        private readonly MemoryStream _inner = new(content, writable: false);

        public long BytesRead { get; private set; }

        public override bool CanRead => true;

        public override bool CanSeek => true;

        public override bool CanWrite => false;

        public override long Length => _inner.Length;

        public override long Position { get => _inner.Position; set => _inner.Position = value; }

        public override int Read(byte[] buffer, int offset, int count) => Counted(_inner.Read(buffer, offset, count));

        public override int Read(Span<byte> buffer) => Counted(_inner.Read(buffer));

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            Task.FromResult(Counted(_inner.Read(buffer, offset, count)));

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            ValueTask.FromResult(Counted(_inner.Read(buffer.Span)));

        public override long Seek(long offset, SeekOrigin origin) => _inner.Seek(offset, origin);

        public override void Flush()
        {
        }

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            _inner.Dispose();
            base.Dispose(disposing);
        }

        private int Counted(int read)
        {
            BytesRead += read;
            return read;
        }
    }
}
