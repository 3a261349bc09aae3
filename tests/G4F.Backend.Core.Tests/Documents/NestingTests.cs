using G4F.Backend.Documents;

namespace G4F.Backend.Core.Tests.Documents;

/// <summary>
/// Tiny files that nest tens of thousands of levels. Without the streaming pre-scan the OpenXML SDK overflows the
/// stack while loading them, which kills the process; these tests pass only if the process survives.
/// </summary>
public sealed class NestingTests : IDisposable
{
    private const string Word = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
    private const string Sheet = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
    private const string Drawing = "http://schemas.openxmlformats.org/drawingml/2006/main";

    private readonly ConverterHarness _harness = new();

    [Fact]
    public async Task Docx_with_20000_nested_tables_is_refused_cleanly()
    {
        var body = Repeat("<w:tbl><w:tr><w:tc>", 20_000) + "<w:p/>" + Repeat("</w:tc></w:tr></w:tbl>", 20_000);
        var docx = ZipSamples.Replace(DocxSamples.Report(), "document", $"<w:document xmlns:w=\"{Word}\"><w:body>{body}</w:body></w:document>");

        await ShouldBeTooDeep("deep.docx", docx, "DOCX");
        docx.Length.Should().BeLessThan(20_000, "the attack file is tiny");
    }

    [Fact]
    public async Task Docx_with_100000_nested_hyperlinks_is_refused_cleanly()
    {
        var paragraph = "<w:p>" + Repeat("<w:hyperlink>", 100_000) + "<w:r><w:t>x</w:t></w:r>" + Repeat("</w:hyperlink>", 100_000) + "</w:p>";
        var docx = ZipSamples.Replace(DocxSamples.Report(), "document", $"<w:document xmlns:w=\"{Word}\"><w:body>{paragraph}</w:body></w:document>");

        await ShouldBeTooDeep("links.docx", docx, "DOCX");
    }

    [Theory]
    [InlineData("sharedStrings")]
    [InlineData("styles")]
    [InlineData("worksheets")]
    public async Task Xlsx_with_a_deeply_nested_part_is_refused_cleanly(string part)
    {
        var root = part switch
        {
            "sharedStrings" => "sst",
            "styles" => "styleSheet",
            _ => "worksheet",
        };
        var nested = Repeat("<r><rPr>", 50_000) + Repeat("</rPr></r>", 50_000);
        var xlsx = ZipSamples.Replace(XlsxSamples.People(), part, $"<{root} xmlns=\"{Sheet}\"><si>{nested}</si></{root}>");

        await ShouldBeTooDeep("deep.xlsx", xlsx, "XLSX");
    }

    [Fact]
    public async Task Pptx_with_deeply_nested_group_shapes_is_refused_cleanly()
    {
        var groups = Repeat("<p:grpSp>", 50_000) + Repeat("</p:grpSp>", 50_000);
        var slide = $"<p:sld xmlns:p=\"http://schemas.openxmlformats.org/presentationml/2006/main\" xmlns:a=\"{Drawing}\"><p:cSld><p:spTree>{groups}</p:spTree></p:cSld></p:sld>";
        var pptx = ZipSamples.Replace(PptxSamples.Deck(), "slides/slide", slide);

        await ShouldBeTooDeep("deep.pptx", pptx, "PPTX");
    }

    [Fact]
    public async Task Nesting_within_the_limit_still_converts()
    {
        var body = Repeat("<w:tbl><w:tr><w:tc>", 40) + "<w:p><w:r><w:t>inner</w:t></w:r></w:p>" + Repeat("</w:tc></w:tr></w:tbl>", 40);
        var docx = ZipSamples.Replace(DocxSamples.Report(), "document", $"<w:document xmlns:w=\"{Word}\"><w:body>{body}</w:body></w:document>");

        (await _harness.ConvertAsync("ok.docx", docx)).Should().Contain("inner");
    }

    [Theory]
    [InlineData("div")]
    [InlineData("span")]
    [InlineData("b")]
    [InlineData("a")]
    [InlineData("table")]
    [InlineData("ul")]
    [InlineData("li")]
    [InlineData("blockquote")]
    public async Task Html_with_100000_nested_tags_does_not_overflow(string tag)
    {
        var html = Repeat($"<{tag}>", 100_000) + "deep" + Repeat($"</{tag}>", 100_000);

        try
        {
            var markdown = await _harness.ConvertAsync("deep.html", html);
            if (tag != "table")
            {
                // Text straight inside a table (not in a cell) is not part of the table.
                markdown.Should().Contain("deep");
            }
        }
        catch (DocumentConversionException)
        {
            // Refusing is as good as converting: what matters is that the process is still here.
        }
    }

    public void Dispose() => _harness.Dispose();

    private static string Repeat(string text, int count) => string.Concat(Enumerable.Repeat(text, count));

    private async Task ShouldBeTooDeep(string name, byte[] content, string format)
    {
        var act = () => _harness.ConvertAsync(name, content);

        (await act.Should().ThrowAsync<DocumentConversionException>()).Which.Message.Should().Be($"The {format} file is too deeply nested (more than 256 levels).");
    }
}
