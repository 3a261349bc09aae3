using System.Text;
using System.Text.RegularExpressions;

namespace G4F.Backend.Documents;

/// <summary>
/// The character encoding of an uploaded text document (plain text, CSV, HTML), decided the way a browser decides
/// it for a page: a byte-order mark, else the <c>charset</c> the upload or download declared, else (HTML only) a
/// <c>&lt;meta charset&gt;</c> near the top, else UTF-8 when the bytes are UTF-8, else Windows-1252 (what a file saved
/// by an older Windows program, or labelled Latin-1, almost always is). Decoders never throw: bytes that do not fit
/// become U+FFFD.
/// </summary>
internal static partial class DocumentEncoding
{
    /// <summary>How far into an HTML file a <c>&lt;meta&gt;</c> declaration is looked for (browsers look at 1 KiB, pages in the wild a little further).</summary>
    public const int MetaScanBytes = 4096;

    private const int ScanBufferBytes = 64 * 1024;

    /// <summary>UTF-8 without a byte-order mark on output; invalid input becomes U+FFFD.</summary>
    public static readonly Encoding Utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false);

    /// <summary>The fallback for text that is not UTF-8 (the WHATWG label set maps Latin-1 and ASCII to it as well).</summary>
    public static Encoding Windows1252 { get; } = CodePagesEncodingProvider.Instance.GetEncoding(1252)!;

    /// <summary>
    /// The encoding of <paramref name="content"/> (read from its current position, which is restored). A stream that
    /// cannot seek is taken as UTF-8. <paramref name="contentType"/> is the type the client or server sent, with its
    /// parameters; <paramref name="html"/> also looks for a <c>&lt;meta&gt;</c> declaration.
    /// </summary>
    public static async Task<Encoding> DetectAsync(Stream content, string? contentType, bool html, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(content);
        if (!content.CanSeek)
        {
            return Utf8;
        }

        var start = content.Position;
        try
        {
            var head = new byte[MetaScanBytes];
            var length = await content.ReadAtLeastAsync(head, head.Length, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
            if (HasByteOrderMark(head.AsSpan(0, length)))
            {
                // The reader's own byte-order mark detection picks UTF-8, UTF-16 or UTF-32 and skips the mark.
                return Utf8;
            }

            if (FromLabel(Charset(contentType), fromMeta: false) is { } declared)
            {
                return declared;
            }

            if (html && FromLabel(MetaCharset(head.AsSpan(0, length)), fromMeta: true) is { } meta)
            {
                return meta;
            }

            content.Position = start;
            return await IsMostlyUtf8Async(content, cancellationToken).ConfigureAwait(false) ? Utf8 : Windows1252;
        }
        finally
        {
            content.Position = start;
        }
    }

    /// <summary>
    /// The encoding a label names (WHATWG spirit: Latin-1 and ASCII mean Windows-1252), or null for an unknown or
    /// empty label. A <c>&lt;meta&gt;</c> cannot declare UTF-16 (it was read as ASCII bytes), so that means UTF-8 there.
    /// </summary>
    public static Encoding? FromLabel(string? label, bool fromMeta)
    {
        var name = label?.Trim().Trim('"', '\'').Trim().ToLowerInvariant();
        switch (name)
        {
            case null or "":
                return null;
            case "utf-8" or "utf8" or "unicode-1-1-utf-8" or "unicode11utf8" or "unicode20utf8" or "x-unicode20utf8":
                return Utf8;
            case "iso-8859-1" or "iso8859-1" or "iso_8859-1" or "latin1" or "l1" or "ascii" or "us-ascii" or "cp1252" or "cp819"
                or "ibm819" or "iso-ir-100" or "windows-1252" or "x-cp1252" or "iso-8859-1:1987" or "csisolatin1" or "x-user-defined":
                return Windows1252;
            case "utf-16" or "utf-16le" or "utf-16be" or "unicode" or "unicodefffe" when fromMeta:
                return Utf8;
        }

        try
        {
            var encoding = CodePagesEncodingProvider.Instance.GetEncoding(name) ?? Encoding.GetEncoding(name);

            // A declared UTF-7 is refused, as by browsers: it lets ASCII text smuggle other characters.
            return encoding.CodePage == 65000 ? null : encoding;
        }
        catch (Exception ex) when (ex is ArgumentException or NotSupportedException)
        {
            // An unknown name, or one the runtime refuses (UTF-7 is disabled in .NET).
            return null;
        }
    }

    /// <summary>The <c>charset</c> parameter of a content type, or null.</summary>
    public static string? Charset(string? contentType)
    {
        if (string.IsNullOrEmpty(contentType))
        {
            return null;
        }

        foreach (var parameter in contentType.Split(';').Skip(1))
        {
            var equals = parameter.IndexOf('=', StringComparison.Ordinal);
            if (equals > 0 && parameter[..equals].Trim().Equals("charset", StringComparison.OrdinalIgnoreCase))
            {
                return parameter[(equals + 1)..].Trim().Trim('"');
            }
        }

        return null;
    }

    /// <summary>
    /// The charset a <c>&lt;meta charset&gt;</c> or <c>&lt;meta http-equiv="Content-Type" content="...; charset=..."&gt;</c>
    /// in <paramref name="head"/> declares (comments skipped), or null.
    /// </summary>
    public static string? MetaCharset(ReadOnlySpan<byte> head)
    {
        // Latin-1 maps every byte to one char, so the ASCII markup reads the same whatever the page's encoding.
        var text = CommentPattern().Replace(Encoding.Latin1.GetString(head), " ");
        foreach (Match meta in MetaPattern().Matches(text))
        {
            string? charset = null;
            string? httpEquiv = null;
            string? contentValue = null;
            foreach (Match attribute in AttributePattern().Matches(meta.Groups["attributes"].Value))
            {
                var value = attribute.Groups["value"].Value.Trim('"', '\'');
                switch (attribute.Groups["name"].Value.ToLowerInvariant())
                {
                    case "charset":
                        charset ??= value;
                        break;
                    case "http-equiv":
                        httpEquiv ??= value;
                        break;
                    case "content":
                        contentValue ??= value;
                        break;
                }
            }

            if (!string.IsNullOrWhiteSpace(charset))
            {
                return charset;
            }

            if (string.Equals(httpEquiv?.Trim(), "content-type", StringComparison.OrdinalIgnoreCase)
                && contentValue is not null && ContentCharsetPattern().Match(contentValue) is { Success: true } declared)
            {
                return declared.Groups["charset"].Value;
            }
        }

        return null;
    }

    /// <summary>
    /// Whether the bytes from the current position read as UTF-8: valid throughout, or (a UTF-8 file with a damaged
    /// spot) with more valid multi-byte characters than invalid sequences. Text in a single-byte encoding has its
    /// accented letters next to ASCII, which never forms a valid multi-byte character, so it fails this test.
    /// </summary>
    public static async Task<bool> IsMostlyUtf8Async(Stream content, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(content);
        var start = content.Position;

        // Nearly every file is valid UTF-8 (or ASCII), which the vectorised check confirms in one fast pass; only a
        // file that fails it is read again to weigh its valid characters against its invalid sequences.
        var allValid = true;
        await ForEachChunkAsync(content, chunk => allValid = System.Text.Unicode.Utf8.IsValid(chunk), cancellationToken).ConfigureAwait(false);
        if (allValid)
        {
            return true;
        }

        content.Position = start;
        long valid = 0;
        long invalid = 0;
        await ForEachChunkAsync(content, chunk => Count(chunk, ref valid, ref invalid), cancellationToken).ConfigureAwait(false);
        return valid > invalid;
    }

    // Calls visit with consecutive chunks that never cut a character in two, until it returns false or the stream ends.
    private static async Task ForEachChunkAsync(Stream content, ChunkVisitor visit, CancellationToken cancellationToken)
    {
        var buffer = new byte[ScanBufferBytes];
        var carried = 0;
        while (true)
        {
            var read = await content.ReadAsync(buffer.AsMemory(carried), cancellationToken).ConfigureAwait(false);
            var length = carried + read;
            var final = read == 0;
            var end = final ? length : length - IncompleteTail(buffer.AsSpan(0, length));
            if (!visit(buffer.AsSpan(0, end)) || final)
            {
                return;
            }

            buffer.AsSpan(end, length - end).CopyTo(buffer);
            carried = length - end;
        }
    }

    // UTF-8, UTF-16 (LE, BE) and UTF-32 (LE starts like UTF-16 LE, BE) marks, the ones the reader recognises.
    private static bool HasByteOrderMark(ReadOnlySpan<byte> head) =>
        head.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]) || head.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE])
        || head.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]) || head.StartsWith((ReadOnlySpan<byte>)[0x00, 0x00, 0xFE, 0xFF]);

    // Valid multi-byte characters and invalid sequences; ASCII runs are skipped in bulk. Always goes on (true).
    private static bool Count(ReadOnlySpan<byte> bytes, ref long valid, ref long invalid)
    {
        while (!bytes.IsEmpty)
        {
            var nonAscii = bytes.IndexOfAnyExceptInRange((byte)0, (byte)0x7F);
            if (nonAscii < 0)
            {
                return true;
            }

            bytes = bytes[nonAscii..];
            var status = Rune.DecodeFromUtf8(bytes, out _, out var consumed);
            if (status == System.Buffers.OperationStatus.Done)
            {
                valid++;
            }
            else
            {
                invalid++;
            }

            bytes = bytes[Math.Max(1, consumed)..];
        }

        return true;
    }

    // How many bytes at the end start a multi-byte character that the buffer does not hold completely.
    private static int IncompleteTail(ReadOnlySpan<byte> bytes)
    {
        for (var back = 1; back <= Math.Min(3, bytes.Length); back++)
        {
            var value = bytes[^back];
            if ((value & 0xC0) == 0x80)
            {
                continue; // a continuation byte: the lead byte is further back
            }

            var needed = value >= 0xF0 ? 4 : value >= 0xE0 ? 3 : value >= 0xC0 ? 2 : 1;
            return needed > back ? back : 0;
        }

        return 0;
    }

    private delegate bool ChunkVisitor(ReadOnlySpan<byte> chunk);

    [GeneratedRegex("<!--.*?-->", RegexOptions.Singleline | RegexOptions.CultureInvariant)]
    private static partial Regex CommentPattern();

    [GeneratedRegex(@"<meta(?<attributes>[\s/][^>]*)>", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex MetaPattern();

    [GeneratedRegex(@"(?<name>[^\s/>=""']+)\s*=\s*(?<value>""[^""]*""|'[^']*'|[^\s>""']+)", RegexOptions.CultureInvariant)]
    private static partial Regex AttributePattern();

    [GeneratedRegex(@"charset\s*=\s*[""']?(?<charset>[^\s""';]+)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ContentCharsetPattern();
}
