using System.IO.Compression;
using System.Text;

namespace G4F.Backend.Core.Tests.Documents;

/// <summary>
/// Decompression bombs built at run time: small files whose parts expand to millions of elements or bytes. Each is
/// a valid file of its format, so a converter that trusts its library's object model builds all of it in memory.
/// </summary>
internal static class BombSamples
{
    private const string W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";

    /// <summary>A DOCX whose <c>word/document.xml</c> is <paramref name="paragraphs"/> empty <c>&lt;w:p/&gt;</c> (20 million: about 170 KB).</summary>
    public static byte[] DocxOfEmptyParagraphs(int paragraphs) =>
        Docx(Repeated(BodyHead, "<w:p/>", paragraphs, BodyTail));

    /// <summary>A DOCX of one table of <paramref name="rows"/> rows of <paramref name="cellsPerRow"/> empty cells.</summary>
    public static byte[] DocxOfEmptyTableCells(int rows, int cellsPerRow) =>
        Docx(Repeated(BodyHead + "<w:tbl>", "<w:tr>" + new StringBuilder().Insert(0, "<w:tc/>", cellsPerRow) + "</w:tr>", rows, "</w:tbl>" + BodyTail));

    /// <summary>A DOCX of one paragraph of <paramref name="runs"/> empty runs: a single block of millions of elements.</summary>
    public static byte[] DocxOfOneParagraphOfEmptyRuns(int runs) =>
        Docx(Repeated(BodyHead + "<w:p>", "<w:r/>", runs, "</w:p>" + BodyTail));

    /// <summary>A DOCX of one paragraph whose one text holds <paramref name="blocks"/> times 64 letters (3 million: 192 million characters).</summary>
    public static byte[] DocxOfOneHugeText(int blocks) =>
        Docx(Repeated(BodyHead + "<w:p><w:r><w:t>", new string('a', 64), blocks, "</w:t></w:r></w:p>" + BodyTail));

    /// <summary>A DOCX with the given <c>word/document.xml</c>.</summary>
    public static byte[] Docx(object document) =>
        Office(
            ("[Content_Types].xml", """<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>"""),
            ("_rels/.rels", """<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"""),
            ("word/document.xml", document));

    /// <summary>An XLSX whose shared-string table is <paramref name="strings"/> empty <c>&lt;si/&gt;</c> (20 million: about 500 KB).</summary>
    public static byte[] XlsxOfEmptySharedStrings(int strings) =>
        Xlsx(
            """<sheetData><row r="1"><c r="A1" t="s"><v>0</v></c></row></sheetData>""",
            Repeated("""<?xml version="1.0" encoding="UTF-8" standalone="yes"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">""", "<si/>", strings, "</sst>"));

    /// <summary>An XLSX whose only sheet has one row of <paramref name="cells"/> empty cells.</summary>
    public static byte[] XlsxOfOneRowOfEmptyCells(int cells) =>
        Xlsx(Repeated("""<sheetData><row r="1">""", "<c/>", cells, "</row></sheetData>"), null);

    /// <summary>A PPTX of one slide whose one shape holds <paramref name="paragraphs"/> empty <c>&lt;a:p/&gt;</c>.</summary>
    public static byte[] PptxOfEmptyParagraphs(int paragraphs) =>
        PptxWithSlide(Repeated(SlideHead + "<p:sp><p:txBody><a:bodyPr/>", "<a:p/>", paragraphs, "</p:txBody></p:sp>" + SlideTail));

    /// <summary>The start of a slide part up to the inside of its shape tree.</summary>
    public static string SlideHead => """<?xml version="1.0" encoding="UTF-8" standalone="yes"?><p:sld xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main"><p:cSld><p:spTree>""";

    /// <summary>The end of a slide part after its shape tree's content.</summary>
    public static string SlideTail => "</p:spTree></p:cSld></p:sld>";

    /// <summary>A PPTX of one slide whose part is <paramref name="slide"/>.</summary>
    public static byte[] PptxWithSlide(object slide) =>
        Office(
            ("[Content_Types].xml", """<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/ppt/presentation.xml" ContentType="application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml"/><Override PartName="/ppt/slides/slide1.xml" ContentType="application/vnd.openxmlformats-officedocument.presentationml.slide+xml"/></Types>"""),
            ("_rels/.rels", """<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="ppt/presentation.xml"/></Relationships>"""),
            ("ppt/presentation.xml", """<?xml version="1.0" encoding="UTF-8" standalone="yes"?><p:presentation xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><p:sldIdLst><p:sldId id="256" r:id="rId1"/></p:sldIdLst></p:presentation>"""),
            ("ppt/_rels/presentation.xml.rels", """<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/slide" Target="slides/slide1.xml"/></Relationships>"""),
            ("ppt/slides/slide1.xml", slide));

    /// <summary>A ZIP archive holding <paramref name="bytes"/> as <paramref name="name"/>.</summary>
    public static byte[] Zip(string name, byte[] bytes)
    {
        using var stream = new MemoryStream();
        using (var archive = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true))
        {
            using var target = archive.CreateEntry(name, CompressionLevel.NoCompression).Open();
            target.Write(bytes);
        }

        return stream.ToArray();
    }

    /// <summary>The start of a <c>word/document.xml</c> up to the inside of its body.</summary>
    public static string BodyHead => $"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="{W}"><w:body>""";

    /// <summary>The end of a <c>word/document.xml</c> after its body's content.</summary>
    public static string BodyTail => "</w:body></w:document>";

    /// <summary>An XLSX of one sheet with the given <c>sheetData</c> and shared-string part (null: none).</summary>
    public static byte[] XlsxWith(object sheetData, object? sharedStrings) => Xlsx(sheetData, sharedStrings);

    private static byte[] Xlsx(object sheetData, object? sharedStrings)
    {
        var sheet = sheetData is RepeatedPart repeated
            ? repeated with { Head = SheetHead + repeated.Head, Tail = repeated.Tail + "</worksheet>" }
            : (object)(SheetHead + sheetData + "</worksheet>");
        var parts = new List<(string, object)>
        {
            ("[Content_Types].xml", """<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>"""),
            ("_rels/.rels", """<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"""),
            ("xl/workbook.xml", """<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>"""),
            ("xl/_rels/workbook.xml.rels", $"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>{(sharedStrings is null ? string.Empty : """<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>""")}</Relationships>"""),
            ("xl/worksheets/sheet1.xml", sheet),
        };
        if (sharedStrings is not null)
        {
            parts.Add(("xl/sharedStrings.xml", sharedStrings));
        }

        return Office([.. parts]);
    }

    /// <summary>The start of a worksheet part, before its <c>sheetData</c>.</summary>
    public static string SheetHead => """<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">""";

    /// <summary>A ZIP of the given members, each either text or a <see cref="RepeatedPart"/> written piece by piece.</summary>
    public static byte[] Office(params (string Name, object Content)[] parts)
    {
        using var stream = new MemoryStream();
        using (var archive = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, content) in parts)
            {
                using var target = new StreamWriter(archive.CreateEntry(name, CompressionLevel.SmallestSize).Open(), new UTF8Encoding(false), 1 << 16);
                switch (content)
                {
                    case string text:
                        target.Write(text);
                        break;
                    case RepeatedPart repeated:
                        repeated.WriteTo(target);
                        break;
                    default:
                        throw new ArgumentException($"Unsupported content for {name}", nameof(parts));
                }
            }
        }

        return stream.ToArray();
    }

    /// <summary>A part made of a head, <paramref name="count"/> copies of <paramref name="unit"/> and a tail, never held whole in memory.</summary>
    public static RepeatedPart Repeated(string head, string unit, int count, string tail) => new(head, unit, count, tail);

    /// <summary>See <see cref="Repeated"/>.</summary>
    public sealed record RepeatedPart(string Head, string Unit, int Count, string Tail)
    {
        public void WriteTo(TextWriter target)
        {
            target.Write(Head);
            var block = new StringBuilder().Insert(0, Unit, 4096).ToString();
            var written = 0;
            for (; written + 4096 <= Count; written += 4096)
            {
                target.Write(block);
            }

            for (; written < Count; written++)
            {
                target.Write(Unit);
            }

            target.Write(Tail);
        }
    }
}
