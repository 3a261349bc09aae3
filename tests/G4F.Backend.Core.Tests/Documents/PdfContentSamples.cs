using System.Text;

namespace G4F.Backend.Core.Tests.Documents;

/// <summary>
/// One-page PDFs around a content stream a test writes by hand, so every operator and token form can be put in
/// front of the text interpreter. Resources: fonts <c>/F1</c> (Helvetica) and <c>/F2</c> (Times-Roman); a form
/// <c>/Fm1</c> with its own matrix and font that shows "in form"; a form <c>/Loop</c> that draws itself; an image
/// <c>/Im1</c> whose data is not a valid image; a graphics state <c>/GS1</c> that sets Times-Roman at 14 points;
/// and, when asked, <c>/V1</c>: a Type0 font written top to bottom (Identity-V).
/// </summary>
internal static class PdfContentSamples
{
    public static byte[] Page(string content, bool vertical = false) => Page(Encoding.Latin1.GetBytes(content), vertical);

    public static byte[] Page(byte[] content, bool vertical = false)
    {
        using var pdf = new MemoryStream();
        var offsets = new SortedDictionary<int, long>();
        void Write(string text) => pdf.Write(Encoding.Latin1.GetBytes(text));
        void Object(int number, string body)
        {
            offsets[number] = pdf.Position;
            Write($"{number} 0 obj\n{body}\nendobj\n");
        }

        void Stream(int number, string dictionary, byte[] data)
        {
            offsets[number] = pdf.Position;
            Write($"{number} 0 obj\n<< {dictionary} /Length {data.Length} >>\nstream\n");
            pdf.Write(data);
            Write("\nendstream\nendobj\n");
        }

        Write("%PDF-1.7\n%\u00e2\u00e3\u00cf\u00d3\n");
        Object(1, "<< /Type /Catalog /Pages 2 0 R >>");
        Object(2, "<< /Type /Pages /Kids [3 0 R] /Count 1 >>");
        var verticalFont = vertical ? " /V1 10 0 R" : string.Empty;
        Object(3, "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << "
            + $"/Font << /F1 5 0 R /F2 6 0 R{verticalFont} >> /XObject << /Fm1 7 0 R /Loop 8 0 R /Im1 9 0 R >> /ExtGState << /GS1 << /Font [6 0 R 14] >> >> >> >>");
        Stream(4, string.Empty, content);
        Object(5, "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>");
        Object(6, "<< /Type /Font /Subtype /Type1 /BaseFont /Times-Roman /Encoding /WinAnsiEncoding >>");
        Stream(7, "/Type /XObject /Subtype /Form /BBox [0 0 500 500] /Matrix [1 0 0 1 100 50] /Resources << /Font << /FF 6 0 R >> >>",
            Encoding.Latin1.GetBytes("BT /FF 11 Tf 10 20 Td (in form) Tj ET"));
        Stream(8, "/Type /XObject /Subtype /Form /BBox [0 0 10 10] /Resources << /XObject << /Self 8 0 R >> >>", Encoding.Latin1.GetBytes("/Self Do"));
        Stream(9, "/Type /XObject /Subtype /Image /Width 2 /Height 2 /BitsPerComponent 8 /ColorSpace /DeviceGray /Filter /DCTDecode", [1, 2, 3, 4]);
        if (vertical)
        {
            Object(10, "<< /Type /Font /Subtype /Type0 /BaseFont /Helvetica /Encoding /Identity-V /DescendantFonts [11 0 R] >>");
            Object(11, "<< /Type /Font /Subtype /CIDFontType2 /BaseFont /Helvetica /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> "
                + "/FontDescriptor << /Type /FontDescriptor /FontName /Helvetica /Flags 32 /FontBBox [0 -200 1000 900] /ItalicAngle 0 /Ascent 900 /Descent -200 /CapHeight 700 /StemV 80 >> /DW 1000 >>");
        }

        var xref = pdf.Position;
        var size = offsets.Keys.Max() + 1;
        Write($"xref\n0 {size}\n0000000000 65535 f \n");
        for (var number = 1; number < size; number++)
        {
            Write(offsets.TryGetValue(number, out var offset) ? $"{offset:D10} 00000 n \n" : "0000000000 65535 f \n");
        }

        Write($"trailer\n<< /Size {size} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n");
        return pdf.ToArray();
    }
}
