using System.Buffers;

namespace G4F.Backend.Usage;

/// <summary>
/// Splits a stream into lines without ever holding more than one line (plus one read buffer) in memory,
/// so thirty days of usage are aggregated in constant space. A line longer than the limit is skipped up to
/// its <c>\n</c> rather than buffered; a UTF-8 byte order mark at the start is dropped; a last line without
/// <c>\n</c> is still delivered (a torn line is then the parser's to reject).
/// </summary>
internal static class JsonLineReader
{
    public const int DefaultBufferSize = 64 * 1024;

    public static async Task ReadAsync(Stream stream, ILineSink sink, int maxLineBytes, CancellationToken cancellationToken, int bufferSize = DefaultBufferSize)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(bufferSize);
        try
        {
            var start = 0;
            var end = 0;
            var skipping = false;
            var first = true;
            while (true)
            {
                if (end == buffer.Length)
                {
                    if (start > 0)
                    {
                        // Move the pending partial line to the front to make room.
                        buffer.AsSpan(start, end - start).CopyTo(buffer);
                        end -= start;
                        start = 0;
                    }
                    else
                    {
                        // One partial line fills the buffer (it is within the limit, or Split would have dropped it).
                        var larger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                        buffer.AsSpan(0, end).CopyTo(larger);
                        ArrayPool<byte>.Shared.Return(buffer);
                        buffer = larger;
                    }
                }

                var read = await stream.ReadAsync(buffer.AsMemory(end), cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    break;
                }

                var scanned = end;
                end += read;
                if (first)
                {
                    first = false;
                    if (buffer.AsSpan(0, end).StartsWith("\uFEFF"u8))
                    {
                        start = scanned = 3;
                    }
                }

                start = Split(buffer.AsSpan(0, end), start, scanned, ref skipping, sink, maxLineBytes);
                if (start == end)
                {
                    start = end = 0;
                }
            }

            if (!skipping && end > start)
            {
                sink.OnLine(buffer.AsSpan(start, end - start));
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Delivers the complete lines of <paramref name="data"/> from <paramref name="start"/>; returns where the pending partial line starts.</summary>
    private static int Split(ReadOnlySpan<byte> data, int start, int scanned, ref bool skipping, ILineSink sink, int maxLineBytes)
    {
        // [start, scanned) was searched by the previous call and holds no '\n'.
        var searchFrom = Math.Max(start, scanned);
        while (true)
        {
            var index = data[searchFrom..].IndexOf((byte)'\n');
            if (index < 0)
            {
                break;
            }

            var lineEnd = searchFrom + index;
            if (skipping)
            {
                skipping = false;
            }
            else if (lineEnd - start <= maxLineBytes)
            {
                sink.OnLine(data[start..lineEnd]);
            }

            start = searchFrom = lineEnd + 1;
        }

        if (!skipping && data.Length - start > maxLineBytes)
        {
            skipping = true;
        }

        // While skipping nothing of the pending line is kept.
        return skipping ? data.Length : start;
    }
}
