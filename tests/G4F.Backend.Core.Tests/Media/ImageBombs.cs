using System.Buffers.Binary;
using System.IO.Compression;

namespace G4F.Backend.Core.Tests.Media;

/// <summary>
/// Images whose headers promise a huge canvas, written byte by byte at run time (SkiaSharp writes neither progressive
/// JPEG nor interlaced PNG). Both are valid files a decoder reads to the end.
/// </summary>
internal static class ImageBombs
{
    /// <summary>
    /// A progressive JPEG (SOF2) of three full-resolution components (4:4:4) with one DC scan of all-zero differences:
    /// a grey picture of about <c>width * height * 3 / 512</c> bytes whose coefficients fill <c>width * height * 6</c> bytes.
    /// </summary>
    public static byte[] ProgressiveJpeg(int width, int height)
    {
        using var jpeg = new MemoryStream();
        jpeg.Write([0xFF, 0xD8]);
        Segment(jpeg, 0xDB, [0x00, .. Enumerable.Repeat((byte)1, 64)]);
        Segment(jpeg, 0xC2, [8, (byte)(height >> 8), (byte)height, (byte)(width >> 8), (byte)width, 3, 1, 0x11, 0, 2, 0x11, 0, 3, 0x11, 0]);

        // One DC Huffman table: the single 1-bit code "0" means "difference 0".
        Segment(jpeg, 0xC4, [0x00, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x00]);
        Segment(jpeg, 0xDA, [3, 1, 0x00, 2, 0x00, 3, 0x00, 0, 0, 0]);
        var blocks = (long)((width + 7) / 8) * ((height + 7) / 8) * 3;
        jpeg.Write(new byte[(blocks + 7) / 8]);
        jpeg.Write([0xFF, 0xD9]);
        return jpeg.ToArray();
    }

    /// <summary>An Adam7-interlaced RGBA PNG (8 bits a channel) of all-transparent pixels; its rows inflate to about <c>width * height * 4</c> bytes.</summary>
    public static byte[] InterlacedPng(int width, int height)
    {
        using var png = new MemoryStream();
        png.Write([0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]);
        var header = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, width);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), height);
        (header[8], header[9], header[12]) = (8, 6, 1);
        Chunk(png, "IHDR", header);

        using var data = new MemoryStream();
        using (var zlib = new ZLibStream(data, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            var zeros = new byte[1024 * 1024];
            foreach (var (x0, y0, dx, dy) in new[] { (0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4), (0, 2, 2, 4), (1, 0, 2, 2), (0, 1, 1, 2) })
            {
                long columns = (width - x0 + dx - 1) / dx, rows = (height - y0 + dy - 1) / dy;
                for (var left = columns > 0 ? rows * (1 + (columns * 4)) : 0; left > 0; left -= zeros.Length)
                {
                    zlib.Write(zeros, 0, (int)Math.Min(left, zeros.Length));
                }
            }
        }

        Chunk(png, "IDAT", data.ToArray());
        Chunk(png, "IEND", []);
        return png.ToArray();
    }

    /// <summary>
    /// A lossless WebP (VP8L) of one opaque black colour: every prefix code has a single symbol, so its pixels take no
    /// bits and the file is 30 bytes whatever its size, while libwebp decodes it into 4 bytes a pixel.
    /// </summary>
    public static byte[] LosslessWebp(int width, int height)
    {
        var bits = new List<bool>();
        void Bits(long value, int count)
        {
            for (var i = 0; i < count; i++)
            {
                bits.Add(((value >> i) & 1) != 0);
            }
        }

        Bits(0x2F, 8);
        Bits(width - 1, 14);
        Bits(height - 1, 14);
        Bits(0, 4); // no alpha hint, version 0
        Bits(0, 3); // no transform, no colour cache, no meta prefix codes

        // Green, red, blue: one symbol 0 (simple code, 1 symbol, 1-bit symbol); alpha: one symbol 255 (8-bit); distance: 0.
        Bits(0b0001, 4);
        Bits(0b0001, 4);
        Bits(0b0001, 4);
        Bits(0b101, 3);
        Bits(0xFF, 8);
        Bits(0b0001, 4);

        var data = new byte[(bits.Count + 7) / 8];
        for (var i = 0; i < bits.Count; i++)
        {
            data[i / 8] |= (byte)(bits[i] ? 1 << (i % 8) : 0);
        }

        var padded = data.Length + (data.Length & 1);
        var webp = new byte[20 + padded];
        "RIFF"u8.CopyTo(webp);
        BinaryPrimitives.WriteInt32LittleEndian(webp.AsSpan(4), 12 + padded);
        "WEBPVP8L"u8.CopyTo(webp.AsSpan(8));
        BinaryPrimitives.WriteInt32LittleEndian(webp.AsSpan(16), data.Length);
        data.CopyTo(webp, 20);
        return webp;
    }

    /// <summary>
    /// <paramref name="jpeg"/> with <paramref name="segments"/> inserted right after its SOI marker (before any table
    /// or frame header), each a marker byte and a body.
    /// </summary>
    public static byte[] WithSegmentsFirst(byte[] jpeg, IEnumerable<(byte Marker, byte[] Body)> segments)
    {
        using var output = new MemoryStream();
        output.Write(jpeg, 0, 2);
        foreach (var (marker, body) in segments)
        {
            Segment(output, marker, body);
        }

        output.Write(jpeg, 2, jpeg.Length - 2);
        return output.ToArray();
    }

    private static void Segment(Stream stream, byte marker, byte[] body)
    {
        stream.Write([0xFF, marker, (byte)((body.Length + 2) >> 8), (byte)(body.Length + 2)]);
        stream.Write(body);
    }

    private static void Chunk(Stream stream, string type, byte[] body)
    {
        var typed = new byte[4 + body.Length];
        System.Text.Encoding.ASCII.GetBytes(type, typed);
        body.CopyTo(typed, 4);
        Span<byte> number = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(number, body.Length);
        stream.Write(number);
        stream.Write(typed);
        BinaryPrimitives.WriteUInt32BigEndian(number, Crc32(typed));
        stream.Write(number);
    }

    private static uint Crc32(byte[] bytes)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in bytes)
        {
            crc ^= b;
            for (var bit = 0; bit < 8; bit++)
            {
                crc = (crc & 1) != 0 ? 0xEDB88320u ^ (crc >> 1) : crc >> 1;
            }
        }

        return ~crc;
    }
}
