using System.Buffers.Binary;

namespace G4F.Backend.Media;

/// <summary>
/// What an image's decoder holds for its whole canvas however small the decode asked for, read from the declared
/// header before any decoder runs. A progressive (or multi-scan) JPEG keeps every DCT coefficient of the frame in
/// libjpeg's coefficient buffers (2 bytes per coefficient, 64 per 8x8 block of each component) until its last scan;
/// an interlaced PNG is gathered by Skia into one buffer of all its rows before the first row comes out. Other images
/// decode row by row or scaled, and hold nothing of the kind.
/// </summary>
internal static class ImageCanvas
{
    // APP segments (EXIF, ICC) come before the frame header; a frame header later than this is not looked for.
    private const int MaxJpegHeaderBytes = 1024 * 1024;

    private static ReadOnlySpan<byte> PngSignature => [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>Bytes the decoder of the image at <paramref name="path"/> allocates for its whole canvas; 0 when it decodes in rows.</summary>
    public static long WholeCanvasBytes(string path)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 4096);
        Span<byte> head = stackalloc byte[33];
        var length = file.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        if (length >= 33 && head[..8].SequenceEqual(PngSignature) && head[12..16].SequenceEqual("IHDR"u8))
        {
            return InterlacedPngBytes(head[16..29]);
        }

        if (length >= 3 && head[0] == 0xFF && head[1] == 0xD8)
        {
            file.Position = 2;
            return JpegCoefficientBytes(file);
        }

        return 0;
    }

    private static long InterlacedPngBytes(ReadOnlySpan<byte> header)
    {
        long width = BinaryPrimitives.ReadUInt32BigEndian(header);
        long height = BinaryPrimitives.ReadUInt32BigEndian(header[4..]);
        var (depth, colorType, interlace) = (header[8], header[9], header[12]);
        if (interlace == 0)
        {
            return 0;
        }

        // Depths under 8 bits are unpacked to a byte, a palette possibly expanded to RGBA: count the widest.
        var channels = colorType switch { 0 => 1, 2 => 3, 4 => 2, _ => 4 };
        return width * height * channels * (depth == 16 ? 2 : 1);
    }

    private static long JpegCoefficientBytes(Stream file)
    {
        Span<byte> segment = stackalloc byte[4];
        long frameBytes = 0;
        var frameComponents = 0;
        var progressive = false;
        while (file.Position < MaxJpegHeaderBytes && file.ReadAtLeast(segment, 4, throwOnEndOfStream: false) == 4)
        {
            if (segment[0] != 0xFF)
            {
                return frameBytes;
            }

            var marker = segment[1];
            var size = BinaryPrimitives.ReadUInt16BigEndian(segment[2..]) - 2;
            if (marker is 0xD8 or 0xD9 || size < 0)
            {
                return frameBytes;
            }

            var body = new byte[size];
            if (file.ReadAtLeast(body, size, throwOnEndOfStream: false) < size)
            {
                return progressive ? frameBytes : 0;
            }

            if (IsFrameHeader(marker) && size >= 6)
            {
                progressive = marker is 0xC2 or 0xC6 or 0xCA or 0xCE;
                (frameBytes, frameComponents) = FrameCoefficientBytes(body);
            }
            else if (marker == 0xDA && size >= 1)
            {
                // A first scan with fewer components than the frame means several scans: the whole frame is buffered.
                return progressive || body[0] < frameComponents ? frameBytes : 0;
            }
        }

        return progressive ? frameBytes : 0;
    }

    // SOF0..SOF15 without DHT (C4), JPG (C8) and DAC (CC).
    private static bool IsFrameHeader(byte marker) => marker is >= 0xC0 and <= 0xCF and not 0xC4 and not 0xC8 and not 0xCC;

    private static (long Bytes, int Components) FrameCoefficientBytes(byte[] body)
    {
        long height = BinaryPrimitives.ReadUInt16BigEndian(body.AsSpan(1));
        long width = BinaryPrimitives.ReadUInt16BigEndian(body.AsSpan(3));
        var components = Math.Min((int)body[5], (body.Length - 6) / 3);
        int maxH = 1, maxV = 1;
        for (var i = 0; i < components; i++)
        {
            maxH = Math.Max(maxH, body[6 + (i * 3) + 1] >> 4);
            maxV = Math.Max(maxV, body[6 + (i * 3) + 1] & 0x0F);
        }

        long bytes = 0;
        for (var i = 0; i < components; i++)
        {
            var (h, v) = (Math.Max(1, body[6 + (i * 3) + 1] >> 4), Math.Max(1, body[6 + (i * 3) + 1] & 0x0F));
            var blocksWide = (((width * h) + maxH - 1) / maxH + 7) / 8;
            var blocksHigh = (((height * v) + maxV - 1) / maxV + 7) / 8;
            bytes += blocksWide * blocksHigh * 64 * sizeof(short);
        }

        return (bytes, components);
    }
}
