using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;

namespace G4F.Backend.Core.Tests.Documents;

/// <summary>Document text must stay text in the markdown: spacing, line breaks, block-starting lines, raw HTML, lists and links.</summary>
public sealed class MarkdownSafetyTests : IDisposable
{
    private readonly ConverterHarness _harness = new();

    [Theory]
    [InlineData("<p>foo<b> bar</b></p>", "foo **bar**")]
    [InlineData("<p>foo<b>bar </b>baz</p>", "foo**bar** baz")]
    [InlineData("<p>see<a href=\"x\"> link</a></p>", "see [link](x)")]
    [InlineData("<p>see <a href=\"x\">link </a>now</p>", "see [link](x) now")]
    [InlineData("<p><b> lead</b> text</p>", "**lead** text")]
    public async Task Html_keeps_the_space_outside_emphasis_and_link_markers(string html, string expected)
    {
        var markdown = await _harness.ConvertAsync("s.html", html);

        markdown.Should().Be(expected);
    }

    [Fact]
    public async Task Html_br_is_a_hard_break_and_a_dashed_line_after_it_is_not_a_heading_underline()
    {
        var markdown = await _harness.ConvertAsync("s.html", "<p>Title<br>---<br>next</p><table><tr><td>a<br>b</td></tr></table>");

        markdown.Should().Be("Title\\\n\\---\\\nnext\n\n| a<br>b |\n| --- |");
    }

    [Fact]
    public async Task Html_pre_keeps_br_line_breaks_verbatim()
    {
        var markdown = await _harness.ConvertAsync("s.html", "<pre>line 1<br>line <b>2</b><br/># not a heading</pre>");

        markdown.Should().Be("```\nline 1\nline 2\n# not a heading\n```");
    }

    [Theory]
    [InlineData("# not a heading", "\\# not a heading")]
    [InlineData("> not a quote", "\\> not a quote")]
    [InlineData("- not an item", "\\- not an item")]
    [InlineData("+ not an item", "\\+ not an item")]
    [InlineData("* not an item", "\\* not an item")]
    [InlineData("1. not an item", "1\\. not an item")]
    [InlineData("2) not an item", "2\\) not an item")]
    [InlineData("===", "\\===")]
    [InlineData("~~~ not a fence", "\\~~~ not a fence")]
    [InlineData("<script>alert(1)</script>", "\\<script>alert(1)\\</script>")]
    [InlineData("#hashtag and 3.5 and -1", "#hashtag and 3.5 and -1")]
    public async Task Html_text_that_would_start_a_block_or_raw_html_is_escaped(string text, string expected)
    {
        var markdown = await _harness.ConvertAsync("s.html", "<p>" + System.Net.WebUtility.HtmlEncode(text) + "</p>");

        markdown.Should().Be(expected);
    }

    [Fact]
    public async Task Csv_cells_are_escaped_so_they_cannot_become_markup()
    {
        var csv = await _harness.ConvertAsync("t.csv", "h\n<b>*x*</b>\n");

        csv.Should().Be("| h |\n| --- |\n| \\<b>\\*x\\*\\</b> |");
    }

    [Fact]
    public async Task Docx_breaks_are_hard_text_is_escaped_and_a_list_starting_at_level_1_is_not_a_code_block()
    {
        var markdown = await _harness.ConvertAsync("s.docx", Docx(
            new Paragraph(new Run(new Text("Title"), new Break(), new Text("---"), new Break(), new Text("# x <i>"))),
            Item(1, "first"),
            Item(2, "deeper"),
            Item(1, "second"),
            Item(0, "shallowest"),
            Item(3, "jump")));

        markdown.Should().Be("Title\\\n\\---\\\n\\# x \\<i>\n\n- first\n    - deeper\n- second\n- shallowest\n    - jump");
    }

    [Fact]
    public async Task Links_with_parentheses_spaces_and_angle_brackets_are_percent_encoded_in_docx_and_html()
    {
        const string url = "https://en.wikipedia.org/wiki/Foo_(bar) x<y>";
        var html = await _harness.ConvertAsync("s.html", "<p><a href=\"https://en.wikipedia.org/wiki/Foo_(bar) x&lt;y&gt;\">Foo</a></p>");
        var docx = await _harness.ConvertAsync("s.docx", Docx(url, new Paragraph(new Hyperlink(new Run(new Text("Foo"))) { Id = "rLink" })));

        html.Should().Be("[Foo](https://en.wikipedia.org/wiki/Foo_%28bar%29%20x%3Cy%3E)");
        docx.Should().Be(html);
    }

    [Fact]
    public async Task Pptx_bullets_starting_at_level_1_are_not_a_code_block_and_their_text_is_escaped()
    {
        var markdown = await _harness.ConvertAsync("s.pptx", PptxSamples.OneSlide(("<one>", 1), ("two", 2), ("# three", 1)));

        markdown.Should().Be("## Slide 1: T\n\n- \\<one>\n    - two\n- \\# three");
    }

    public void Dispose() => _harness.Dispose();

    private static Paragraph Item(int level, string text) =>
        new(new ParagraphProperties(new NumberingProperties(new NumberingLevelReference { Val = level }, new NumberingId { Val = 1 })), new Run(new Text(text)));

    private static byte[] Docx(params OpenXmlElement[] body) => Docx(null, body);

    private static byte[] Docx(string? link, params OpenXmlElement[] body)
    {
        using var stream = new MemoryStream();
        using (var document = WordprocessingDocument.Create(stream, WordprocessingDocumentType.Document))
        {
            var main = document.AddMainDocumentPart();
            if (link is not null)
            {
                main.AddHyperlinkRelationship(new Uri(link, UriKind.Absolute), true, "rLink");
            }

            var numbering = main.AddNewPart<NumberingDefinitionsPart>();
            numbering.Numbering = new Numbering(
                new AbstractNum(Enumerable.Range(0, 4).Select(i => new Level(new NumberingFormat { Val = NumberFormatValues.Bullet }) { LevelIndex = i })) { AbstractNumberId = 1 },
                new NumberingInstance(new AbstractNumId { Val = 1 }) { NumberID = 1 });
            main.Document = new Document(new Body(body));
        }

        return stream.ToArray();
    }
}
