using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;

namespace G4F.Backend.Core.Tests.Documents;

/// <summary>Word documents written with the OpenXML SDK at run time.</summary>
internal static class DocxSamples
{
    private const int BulletList = 1;
    private const int NumberedList = 2;

    public static byte[] Report()
    {
        using var stream = new MemoryStream();
        using (var document = WordprocessingDocument.Create(stream, WordprocessingDocumentType.Document))
        {
            var main = document.AddMainDocumentPart();
            AddStyles(main);
            AddNumbering(main);
            var link = main.AddHyperlinkRelationship(new Uri("https://example.com/docs?a=1"), true);
            main.Document = new Document(new Body(
                Styled("Title", Plain("Project plan")),
                Styled("Heading1", Plain("Goals")),
                new Paragraph(Plain("We ship "), Bold("fast"), Plain(" and "), Italic("well"), Plain(", see "), new Hyperlink(Plain("the docs")) { Id = link.Id }, Plain(". Stars * stay literal.")),
                ListItem(BulletList, 0, "First bullet"),
                ListItem(BulletList, 1, "Nested bullet"),
                ListItem(BulletList, 0, "Second bullet"),
                ListItem(NumberedList, 0, "Step one"),
                ListItem(NumberedList, 1, "Step one, detail"),
                ListItem(NumberedList, 0, "Step two"),
                Styled("Heading2", Plain("Budget")),
                new Paragraph(new ParagraphProperties(new OutlineLevel { Val = 2 }), Plain("Outline level three")),
                new Table(
                    Row("Item", "Cost | EUR"),
                    Row("Servers", "1200"),
                    new TableRow(Cell("Travel"), new TableCell(new Paragraph(Plain("two")), new Paragraph(Plain("lines"))))),
                new Paragraph(Plain("After the table.")),
                new Paragraph()));
        }

        return stream.ToArray();
    }

    private static Paragraph Styled(string style, params OpenXmlElement[] runs) =>
        new(new OpenXmlElement[] { new ParagraphProperties(new ParagraphStyleId { Val = style }) }.Concat(runs));

    private static Paragraph ListItem(int numId, int level, string text) =>
        new(new ParagraphProperties(new NumberingProperties(new NumberingLevelReference { Val = level }, new NumberingId { Val = numId })), Plain(text));

    private static Run Plain(string text) => new(new Text(text) { Space = SpaceProcessingModeValues.Preserve });

    private static Run Bold(string text) => new(new RunProperties(new Bold()), new Text(text));

    private static Run Italic(string text) => new(new RunProperties(new Italic()), new Text(text));

    private static TableRow Row(params string[] cells) => new(cells.Select(Cell));

    private static TableCell Cell(string text) => new(new Paragraph(Plain(text)));

    private static void AddStyles(MainDocumentPart main)
    {
        var part = main.AddNewPart<StyleDefinitionsPart>();
        part.Styles = new Styles(
            new Style(new StyleName { Val = "Title" }) { Type = StyleValues.Paragraph, StyleId = "Title" },
            new Style(new StyleName { Val = "heading 1" }) { Type = StyleValues.Paragraph, StyleId = "Heading1" },
            new Style(new StyleName { Val = "heading 2" }) { Type = StyleValues.Paragraph, StyleId = "Heading2" });
    }

    private static void AddNumbering(MainDocumentPart main)
    {
        var part = main.AddNewPart<NumberingDefinitionsPart>();
        part.Numbering = new Numbering(
            new AbstractNum(Level(0, NumberFormatValues.Bullet), Level(1, NumberFormatValues.Bullet)) { AbstractNumberId = 10 },
            new AbstractNum(Level(0, NumberFormatValues.Decimal), Level(1, NumberFormatValues.LowerLetter)) { AbstractNumberId = 20 },
            new NumberingInstance(new AbstractNumId { Val = 10 }) { NumberID = BulletList },
            new NumberingInstance(new AbstractNumId { Val = 20 }) { NumberID = NumberedList });
    }

    private static Level Level(int index, NumberFormatValues format) =>
        new(new StartNumberingValue { Val = 1 }, new NumberingFormat { Val = format }) { LevelIndex = index };
}
