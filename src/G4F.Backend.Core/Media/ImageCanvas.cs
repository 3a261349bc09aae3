using System.Buffers.Binary;

namespace G4F.Backend.Media;

/// <summary>
/// What an image's decoder holds for its whole canvas however small the decode asked for, read from the declared
/// header before any decoder runs. A progressive (or multi-scan) JPEG keeps every DCT coefficient of the frame in
/// libjpeg's coefficient buffers (2 bytes per coefficient, 64 per 8x8 block of each component) until its last scan;
/// an interlaced PNG is gathered by Skia into one buffer of all its rows before the first row comes out; a lossless
/// WebP is decoded by libwebp into 4 bytes a pixel of the whole image. Other images decode row by row or scaled, and
/// hold nothing of the kind.
/// </summary>
internal static class ImageCanvas
{
    /// <summary>
    /// What <see cref="WholeCanvasBytes"/> answers for an image whose canvas cannot be read from its header (a JPEG
    /// whose frame header is not found before its first scan, a WebP whose image chunk is not found): more than any limit.
    /// </summary>
    public const long Unbounded = long.MaxValue;

    private static ReadOnlySpan<byte> PngSignature => [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>
    /// Bytes the decoder of the image at <paramref name="path"/> allocates for its whole canvas; 0 when it decodes in
    /// rows; <see cref="Unbounded"/> for a JPEG or WebP whose header does not say (it is refused, not decoded).
    /// </summary>
    public static long WholeCanvasBytes(string path)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 64 * 1024);
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

        if (length >= 20 && head[..4].SequenceEqual("RIFF"u8) && head[8..12].SequenceEqual("WEBP"u8))
        {
            file.Position = 12;
            return WebpCanvasBytes(file);
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

    // libjpeg reads every marker up to the first scan, however many: this many segments before it (a phone photo has
    // a few dozen, a megabyte of extended XMP some twenty more) is taken as a file built to hide its frame header.
    private const int MaxJpegSegments = 4096;

    // Walks the markers up to the first scan as libjpeg's marker reader does (bytes that are no marker skipped, fill
    // bytes and parameterless markers stepped over), seeking past each segment's payload by its length, so a frame
    // header after megabytes of comments is still found and a file of any size costs a few reads per segment.
    private static long JpegCoefficientBytes(Stream file)
    {
        Span<byte> frame = stackalloc byte[6 + (3 * 255)];
        long frameBytes = 0;
        var frameComponents = 0;
        var progressive = false;
        var seenFrame = false;
        for (var segments = 0; segments < MaxJpegSegments; segments++)
        {
            if (NextJpegMarker(file) is not { } marker)
            {
                return Unbounded;
            }

            // TEM and RSTn have no length; a second SOI or an EOI before the first scan ends libjpeg's header read.
            if (marker is 0x01 or (>= 0xD0 and <= 0xD7))
            {
                continue;
            }

            if (marker is 0xD8 or 0xD9 || ReadUInt16(file) is not { } length || length < 2)
            {
                return Unbounded;
            }

            var size = length - 2;
            if (IsFrameHeader(marker) && !seenFrame)
            {
                // The first frame header is libjpeg's (a second one is an error there).
                var read = Math.Min(size, frame.Length);
                if (size < 6 || file.ReadAtLeast(frame[..read], read, throwOnEndOfStream: false) < read)
                {
                    return Unbounded;
                }

                seenFrame = true;
                progressive = marker is 0xC2 or 0xC6 or 0xCA or 0xCE;
                (frameBytes, frameComponents) = FrameCoefficientBytes(frame[..read]);
                size -= read;
            }
            else if (marker == 0xDA)
            {
                // A first scan with fewer components than the frame means several scans: the whole frame is buffered.
                var components = file.ReadByte();
                return !seenFrame || components < 0 ? Unbounded : progressive || components < frameComponents ? frameBytes : 0;
            }

            file.Seek(size, SeekOrigin.Current);
        }

        return Unbounded;
    }

    // libjpeg's next_marker: anything before 0xFF is discarded, fill bytes (0xFF 0xFF) are skipped and 0xFF 0x00 is
    // no marker. Null at the end of the file.
    private static byte? NextJpegMarker(Stream file)
    {
        while (true)
        {
            int c;
            do
            {
                c = file.ReadByte();
            }
            while (c is >= 0 and not 0xFF);

            do
            {
                c = file.ReadByte();
            }
            while (c == 0xFF);

            if (c < 0)
            {
                return null;
            }

            if (c != 0)
            {
                return (byte)c;
            }
        }
    }

    private static int? ReadUInt16(Stream file)
    {
        var (high, low) = (file.ReadByte(), file.ReadByte());
        return high < 0 || low < 0 ? null : (high << 8) | low;
    }

    // A WebP's chunks before its image data are few (VP8X, ICCP, ANIM, EXIF and XMP come after it): more is a made-up file.
    private const int MaxWebpChunks = 64;

    // Lossy (VP8) data decodes a few macroblock rows at a time and scaled; lossless (VP8L) data is decoded whole into
    // 4 bytes a pixel before anything is scaled (its back-references reach anywhere above), and an alpha plane (ALPH)
    // into a byte a pixel plus as much again when it is itself lossless. An animation is counted as lossless frames.
    private static long WebpCanvasBytes(Stream file)
    {
        Span<byte> chunk = stackalloc byte[18];
        long canvasPixels = 0;
        long alphaBytes = 0;
        for (var chunks = 0; chunks < MaxWebpChunks; chunks++)
        {
            var read = file.ReadAtLeast(chunk, chunk.Length, throwOnEndOfStream: false);
            if (read < 8)
            {
                return Unbounded;
            }

            var kind = chunk[..4];
            var size = BinaryPrimitives.ReadUInt32LittleEndian(chunk[4..]);
            var body = chunk[8..read];
            if (kind.SequenceEqual("VP8 "u8))
            {
                return alphaBytes;
            }

            if (kind.SequenceEqual("VP8L"u8))
            {
                if (canvasPixels == 0 && body.Length >= 5)
                {
                    var bits = BinaryPrimitives.ReadUInt32LittleEndian(body[1..]);
                    canvasPixels = ((bits & 0x3FFF) + 1L) * (((bits >> 14) & 0x3FFF) + 1L);
                }

                return canvasPixels == 0 ? Unbounded : canvasPixels * 4;
            }

            if (kind.SequenceEqual("VP8X"u8) && body.Length >= 10)
            {
                var width = (body[4] | (body[5] << 8) | (body[6] << 16)) + 1L;
                var height = (body[7] | (body[8] << 8) | (body[9] << 16)) + 1L;
                canvasPixels = width * height;
                if ((body[0] & 0x02) != 0)
                {
                    return canvasPixels * 4;
                }
            }
            else if (kind.SequenceEqual("ALPH"u8))
            {
                alphaBytes = canvasPixels * 2;
            }

            // Chunks are padded to an even size.
            file.Seek(8 + size + (size & 1) - read, SeekOrigin.Current);
        }

        return Unbounded;
    }

    // SOF0..SOF15 without DHT (C4), JPG (C8) and DAC (CC).
    private static bool IsFrameHeader(byte marker) => marker is >= 0xC0 and <= 0xCF and not 0xC4 and not 0xC8 and not 0xCC;

    private static (long Bytes, int Components) FrameCoefficientBytes(ReadOnlySpan<byte> body)
    {
        long height = BinaryPrimitives.ReadUInt16BigEndian(body[1..]);
        long width = BinaryPrimitives.ReadUInt16BigEndian(body[3..]);
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
