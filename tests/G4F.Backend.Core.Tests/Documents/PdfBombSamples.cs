using System.Globalization;
using System.IO.Compression;
using System.Text;

namespace G4F.Backend.Core.Tests.Documents;

/// <summary>
/// PDF decompression bombs built at run time: valid files with a Flate stream of spaces (about 1000:1, so 1 GiB
/// decoded is about 1 MB on disk), shaped as one huge page content stream, as one page listing the same stream many
/// times, or as many pages sharing it: each stream then stays under any cap for one stream, and only a total stops it.
/// </summary>
internal static class PdfBombSamples
{
    private const string Text = "BT /F1 12 Tf 72 720 Td (Bomb page) Tj ET\n";

    /// <summary>One page whose content stream inflates to <paramref name="decodedBytes"/> bytes.</summary>
    public static byte[] FlateContent(long decodedBytes) => Build(1, 1, decodedBytes);

    /// <summary>One page whose <c>/Contents</c> lists <paramref name="streams"/> times one stream of <paramref name="decodedBytesEach"/> bytes.</summary>
    public static byte[] ManyContentStreams(int streams, long decodedBytesEach) => Build(1, streams, decodedBytesEach);

    /// <summary><paramref name="pages"/> pages sharing one content stream of <paramref name="decodedBytesEach"/> bytes.</summary>
    public static byte[] ManyPages(int pages, long decodedBytesEach) => Build(pages, 1, decodedBytesEach);

    /// <summary>One page whose one text operator shows <paramref name="characters"/> characters (a few KB deflated).</summary>
    public static byte[] ManyCharacters(int characters) =>
        Build(1, 1, Deflated(Encoding.ASCII.GetBytes($"BT /F1 1 Tf 72 720 Td ({new string('a', characters)}) Tj ET\n"), 0));

    /// <summary>
    /// <paramref name="pages"/> empty pages (about 40 bytes each) in one flat page tree whose <c>/Count</c> says
    /// <paramref name="declaredCount"/>, with a cross-reference table: PdfPig builds a node for each page on opening it.
    /// </summary>
    public static byte[] EmptyPages(int pages, int declaredCount)
    {
        using var pdf = new MemoryStream();
        var offsets = new long[pages + 3];
        void Write(string text) => pdf.Write(Encoding.ASCII.GetBytes(text));
        Write("%PDF-1.4\n");
        offsets[1] = pdf.Position;
        Write("1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n");
        offsets[2] = pdf.Position;
        var kids = new StringBuilder();
        for (var i = 0; i < pages; i++)
        {
            kids.Append(CultureInfo.InvariantCulture, $"{i + 3} 0 R ");
        }

        Write($"2 0 obj<</Type/Pages/Count {declaredCount}/MediaBox[0 0 10 10]/Kids[{kids}]>>endobj\n");
        for (var i = 0; i < pages; i++)
        {
            offsets[i + 3] = pdf.Position;
            Write($"{i + 3} 0 obj<</Type/Page/Parent 2 0 R>>endobj\n");
        }

        var xref = pdf.Position;
        var table = new StringBuilder().Append(CultureInfo.InvariantCulture, $"xref\n0 {pages + 3}\n0000000000 65535 f \n");
        for (var i = 1; i < pages + 3; i++)
        {
            table.Append(CultureInfo.InvariantCulture, $"{offsets[i]:D10} 00000 n \n");
        }

        Write(table.ToString());
        Write($"trailer<</Size {pages + 3}/Root 1 0 R>>\nstartxref\n{xref}\n%%EOF\n");
        return pdf.ToArray();
    }

    /// <summary>Where the compressed bytes of the (only) content stream start in <paramref name="pdf"/>.</summary>
    public static int StreamDataOffset(byte[] pdf) => Encoding.Latin1.GetString(pdf).IndexOf("stream\n", StringComparison.Ordinal) + "stream\n".Length;

    private static byte[] Build(int pages, int streamsPerPage, long decodedBytes) =>
        Build(pages, streamsPerPage, Deflated(Encoding.ASCII.GetBytes(Text), decodedBytes));

    private static byte[] Build(int pages, int streamsPerPage, byte[] data)
    {
        using var pdf = new MemoryStream();
        var offsets = new List<long>();
        void Write(string text) => pdf.Write(Encoding.Latin1.GetBytes(text));
        void Object(string body)
        {
            offsets.Add(pdf.Position);
            Write($"{offsets.Count} 0 obj\n{body}\nendobj\n");
        }

        Write("%PDF-1.7\n%\u00e2\u00e3\u00cf\u00d3\n");
        const int FirstPage = 5;
        var kids = string.Join(' ', Enumerable.Range(FirstPage, pages).Select(n => $"{n} 0 R"));
        Object("<< /Type /Catalog /Pages 2 0 R >>");
        Object($"<< /Type /Pages /Kids [{kids}] /Count {pages} >>");
        Object("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>");
        offsets.Add(pdf.Position);
        Write($"4 0 obj\n<< /Length {data.Length} /Filter /FlateDecode >>\nstream\n");
        pdf.Write(data);
        Write("\nendstream\nendobj\n");
        var contents = streamsPerPage == 1 ? "4 0 R" : $"[{string.Join(' ', Enumerable.Repeat("4 0 R", streamsPerPage))}]";
        for (var page = 0; page < pages; page++)
        {
            Object($"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R >> >> /Contents {contents} >>");
        }

        var xref = pdf.Position;
        Write($"xref\n0 {offsets.Count + 1}\n0000000000 65535 f \n");
        foreach (var offset in offsets)
        {
            Write($"{offset:D10} 00000 n \n");
        }

        Write($"trailer\n<< /Size {offsets.Count + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n");
        return pdf.ToArray();
    }

    // The text, then spaces up to decodedBytes: zlib-wrapped, as PDF's FlateDecode expects.
    private static byte[] Deflated(byte[] text, long decodedBytes)
    {
        using var target = new MemoryStream();
        using (var zlib = new ZLibStream(target, CompressionLevel.Optimal, leaveOpen: true))
        {
            zlib.Write(text);
            var spaces = new byte[1 << 16];
            Array.Fill(spaces, (byte)' ');
            for (var left = decodedBytes - text.Length; left > 0; left -= spaces.Length)
            {
                zlib.Write(spaces, 0, (int)Math.Min(left, spaces.Length));
            }
        }

        return target.ToArray();
    }
}
