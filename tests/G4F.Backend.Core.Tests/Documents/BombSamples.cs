using System.IO.Compression;
using System.Text;

namespace G4F.Backend.Core.Tests.Documents;

/// <summary>
/// Decompression bombs built at run time: small files whose parts expand to millions of elements or bytes. Each is
/// a valid file of its format, so a converter that trusts its library's object model builds all of it in memory.
/// </summary>
internal static class BombSamples
{
    /// <summary>A DOCX whose <c>word/document.xml</c> is <paramref name="paragraphs"/> empty <c>&lt;w:p/&gt;</c> (20 million: about 170 KB).</summary>
    public static byte[] DocxOfEmptyParagraphs(int paragraphs) =>
        Office(
            ("[Content_Types].xml", """<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>"""),
            ("_rels/.rels", """<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"""),
            ("word/document.xml", Repeated(
                """<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>""",
                "<w:p/>",
                paragraphs,
                "</w:body></w:document>")));

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
