using System.Security.Cryptography;

namespace G4F.Backend.Storage.Contracts;

/// <summary>Streams the blob contracts write through: deterministic bytes, forward-only, and one that fails half-way.</summary>
public static class BlobStreams
{
    /// <summary><paramref name="length"/> reproducible pseudo-random bytes of <paramref name="seed"/>.</summary>
    /// <param name="length">How many bytes.</param>
    /// <param name="seed">The seed.</param>
    /// <returns>The bytes.</returns>
    public static byte[] Bytes(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    /// <summary>The SHA-256 of everything <paramref name="stream"/> still holds.</summary>
    /// <param name="stream">The stream, read to its end.</param>
    /// <returns>The hash.</returns>
    public static async Task<byte[]> HashAsync(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        return await SHA256.HashDataAsync(stream);
    }

    /// <summary>A readable stream over <paramref name="bytes"/> that cannot seek nor tell its length, as a request body.</summary>
    /// <param name="bytes">The bytes.</param>
    /// <param name="failAfter">When set, reading past this many bytes throws <see cref="IOException"/>.</param>
    /// <returns>The stream.</returns>
    public static Stream ForwardOnly(byte[] bytes, long? failAfter = null) => new ForwardOnlyStream(bytes, failAfter);

    private sealed class ForwardOnlyStream(byte[] bytes, long? failAfter) : Stream
    {
        private int _position;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            if (failAfter is { } limit && _position >= limit)
            {
                throw new IOException("The body broke off.");
            }

            // Small reads: a store must loop, not assume one read fills its buffer.
            var count = Math.Min(Math.Min(buffer.Length, bytes.Length - _position), 7001);
            bytes.AsSpan(_position, count).CopyTo(buffer);
            _position += count;
            return count;
        }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            ValueTask.FromResult(Read(buffer.Span));

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            Task.FromResult(Read(buffer.AsSpan(offset, count)));

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
