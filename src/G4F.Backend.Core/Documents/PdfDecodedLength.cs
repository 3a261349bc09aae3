using System.Buffers;
using System.IO.Compression;
using System.Runtime.InteropServices;

namespace G4F.Backend.Documents;

/// <summary>
/// How long a stream would be once decoded, found without keeping the output: the filters that can expand
/// (Flate up to about 1000 times, LZW up to thousands, RunLength 64) are run into a scratch buffer and counted,
/// stopping as soon as the count passes the cap. Each follows PdfPig's own decoder, so the count matches what
/// PdfPig would then allocate.
/// </summary>
internal static class PdfDecodedLength
{
    private const int ScratchSize = 81_920;

    private const int ChunkSize = 64 * 1024;

    /// <summary>Whether a Flate stream inflates to more than <paramref name="cap"/> bytes.</summary>
    public static bool FlateExceeds(ReadOnlyMemory<byte> input, long cap, CancellationToken cancellationToken)
    {
        if (input.Length < 2)
        {
            return false;
        }

        using var inflate = RawDeflate(input);
        var scratch = new byte[ScratchSize];
        long total = 0;
        try
        {
            int read;
            while ((read = inflate.Read(scratch)) > 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
                total += read;
                if (total > cap)
                {
                    return true;
                }
            }
        }
        catch (InvalidDataException)
        {
            // PdfPig gives back the raw bytes of a corrupt Flate stream: no expansion.
        }

        return false;
    }

    /// <summary>
    /// Inflates a Flate stream as PdfPig's filter does (the two zlib header bytes skipped, the rest raw deflate),
    /// keeping the output as it is counted: null with <paramref name="exceeded"/> when it passes <paramref name="cap"/>,
    /// null without it when the data is corrupt (PdfPig then gives back the raw bytes). A stream with a predictor is
    /// not for this: PdfPig's filter applies it.
    /// </summary>
    public static Memory<byte>? InflateWithin(ReadOnlyMemory<byte> input, long cap, CancellationToken cancellationToken, out bool exceeded)
    {
        exceeded = false;
        if (input.Length < 2)
        {
            return null;
        }

        using var inflate = RawDeflate(input);

        // Pooled chunks, then one array of the exact length: growing one array by doubling would leave twice the
        // stream's size of garbage (and a kept array up to twice too long) for every large stream of a file.
        var chunks = new List<byte[]>();
        var current = ArrayPool<byte>.Shared.Rent(ChunkSize);
        var used = 0;
        long total = 0;
        try
        {
            int read;
            while ((read = inflate.Read(current, used, current.Length - used)) > 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
                total += read;
                used += read;
                if (total > cap)
                {
                    exceeded = true;
                    return null;
                }

                if (used == current.Length)
                {
                    chunks.Add(current);
                    current = ArrayPool<byte>.Shared.Rent(ChunkSize);
                    used = 0;
                }
            }

            var output = new byte[total];
            var offset = 0;
            foreach (var chunk in chunks)
            {
                chunk.CopyTo(output, offset);
                offset += chunk.Length;
            }

            current.AsSpan(0, used).CopyTo(output.AsSpan(offset));
            return output;
        }
        catch (InvalidDataException)
        {
            return null;
        }
        finally
        {
            chunks.ForEach(chunk => ArrayPool<byte>.Shared.Return(chunk));
            ArrayPool<byte>.Shared.Return(current);
        }
    }

    // PdfPig skips the two zlib header bytes and inflates the rest as raw deflate; the same here (the deflate stream
    // disposes the memory stream it reads).
    private static DeflateStream RawDeflate(ReadOnlyMemory<byte> input)
    {
        var source = MemoryMarshal.TryGetArray(input[2..], out var segment)
            ? new MemoryStream(segment.Array!, segment.Offset, segment.Count, writable: false)
            : new MemoryStream(input[2..].ToArray(), writable: false);
        return new DeflateStream(source, CompressionMode.Decompress);
    }

    /// <summary>Whether a RunLength stream decodes to more than <paramref name="cap"/> bytes.</summary>
    public static bool RunLengthExceeds(ReadOnlySpan<byte> input, long cap)
    {
        long total = 0;
        var i = 0;
        while (i < input.Length && input[i] != 128)
        {
            var length = input[i];
            total += length <= 127 ? length + 1 : 257 - length;
            i += length <= 127 ? length + 2 : 2;
            if (total > cap)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Whether an LZW stream decodes to more than <paramref name="cap"/> bytes (PdfPig's table and code widths).</summary>
    public static bool LzwExceeds(ReadOnlySpan<byte> input, bool earlyChange, long cap, CancellationToken cancellationToken)
    {
        const int Clear = 256, End = 257, MaxCode = 4096;
        var lengths = new int[MaxCode];
        Array.Fill(lengths, 1, 0, 256);
        var codeOffset = earlyChange ? 0 : 1;
        var tableCount = 258;
        var previous = -1;
        var codeBits = 9;
        long total = 0;
        long codes = 0;
        long bit = 0;
        var bits = (long)input.Length * 8;
        while (bit + codeBits <= bits)
        {
            var code = ReadCode(input, bit, codeBits);
            bit += codeBits;
            if (code == End)
            {
                break;
            }

            if (code == Clear)
            {
                (tableCount, previous, codeBits) = (258, -1, 9);
                continue;
            }

            int produced;
            if (code < tableCount && code < MaxCode)
            {
                produced = lengths[code];
            }
            else if (previous >= 0)
            {
                produced = lengths[previous] + 1;
            }
            else
            {
                break; // PdfPig fails on this stream: nothing is kept.
            }

            if (previous >= 0)
            {
                // PdfPig's table keeps growing past 4096 entries, but a 12-bit code never reaches them.
                if (tableCount < MaxCode)
                {
                    lengths[tableCount] = lengths[previous] + 1;
                }

                tableCount++;
            }

            total += produced;
            if (total > cap)
            {
                return true;
            }

            if (++codes % 65_536 == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            previous = code;
            codeBits = tableCount >= 2047 + codeOffset ? 12 : tableCount >= 1023 + codeOffset ? 11 : tableCount >= 511 + codeOffset ? 10 : 9;
        }

        return false;
    }

    private static int ReadCode(ReadOnlySpan<byte> input, long bit, int width)
    {
        var value = 0;
        for (var i = 0; i < width; i++)
        {
            var at = bit + i;
            value = (value << 1) | ((input[(int)(at >> 3)] >> (7 - (int)(at & 7))) & 1);
        }

        return value;
    }
}
