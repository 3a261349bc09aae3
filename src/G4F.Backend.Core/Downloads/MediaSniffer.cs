namespace G4F.Backend.Downloads;

/// <summary>Recognises image, audio and video formats by their first bytes (for bodies sent as <c>application/octet-stream</c>).</summary>
internal static class MediaSniffer
{
    /// <summary>How many leading bytes <see cref="Sniff"/> needs at most.</summary>
    public const int HeaderLength = 64;

    /// <summary>The media type of the format that starts with <paramref name="header"/>, or null.</summary>
    public static string? Sniff(ReadOnlySpan<byte> header)
    {
        if (header.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF]))
        {
            return "image/jpeg";
        }

        if (header.StartsWith((ReadOnlySpan<byte>)[0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]))
        {
            return "image/png";
        }

        if (header.StartsWith("GIF87a"u8) || header.StartsWith("GIF89a"u8))
        {
            return "image/gif";
        }

        if (header.Length >= 12 && header.StartsWith("RIFF"u8))
        {
            var form = header.Slice(8, 4);
            return form.SequenceEqual("WEBP"u8) ? "image/webp"
                : form.SequenceEqual("WAVE"u8) ? "audio/wav"
                : form.SequenceEqual("AVI "u8) ? "video/x-msvideo"
                : null;
        }

        if (header.StartsWith("fLaC"u8))
        {
            return "audio/flac";
        }

        if (header.StartsWith("OggS"u8))
        {
            return "audio/ogg";
        }

        if (header.StartsWith("ID3"u8) || (header.Length >= 2 && header[0] == 0xFF && (header[1] & 0xE0) == 0xE0 && (header[1] & 0x06) != 0))
        {
            // ID3 tag or an MPEG audio frame sync (layer bits non-zero, which rules out the AAC/ADTS header).
            return "audio/mpeg";
        }

        if (header.Length >= 12 && header.Slice(4, 4).SequenceEqual("ftyp"u8))
        {
            var brand = header.Slice(8, 4);
            return brand.StartsWith("M4A"u8) ? "audio/m4a" : brand.SequenceEqual("qt  "u8) ? "video/quicktime" : "video/mp4";
        }

        if (header.StartsWith((ReadOnlySpan<byte>)[0x1A, 0x45, 0xDF, 0xA3]))
        {
            // EBML: the DocType names WebM; anything else is Matroska.
            return header.IndexOf("webm"u8) >= 0 ? "video/webm" : "video/x-matroska";
        }

        if (header.StartsWith((ReadOnlySpan<byte>)[0x00, 0x00, 0x01, 0xBA]) || header.StartsWith((ReadOnlySpan<byte>)[0x00, 0x00, 0x01, 0xB3]))
        {
            return "video/mpeg";
        }

        return null;
    }
}
