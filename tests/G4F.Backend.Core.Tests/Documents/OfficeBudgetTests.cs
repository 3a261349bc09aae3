using System.Text;
using G4F.Backend.Documents;

namespace G4F.Backend.Core.Tests.Documents;

/// <summary>
/// The element budgets of the Office converters (<c>MaxOfficePartElements</c>, <c>MaxOfficeBlockElements</c>), set
/// small so that bombs of a few thousand elements stand for the real ones of millions.
/// </summary>
public sealed class OfficeBudgetTests
{
    private const string BlockNote = "XML elements (text counts one per 16 characters).";

    [Theory]
    [InlineData("bomb.docx", "DOCX")]
    [InlineData("bomb.xlsx", "XLSX")]
    [InlineData("bomb.pptx", "PPTX")]
    public async Task A_part_with_more_elements_than_the_part_budget_is_refused_naming_the_format_and_the_limit(string name, string format)
    {
        using var harness = new ConverterHarness(o => o.Buckets.MaxOfficePartElements = 1000);
        var bomb = format switch
        {
            "DOCX" => BombSamples.DocxOfEmptyParagraphs(2000),
            "XLSX" => BombSamples.XlsxOfEmptySharedStrings(2000),
            _ => BombSamples.PptxOfEmptyParagraphs(2000),
        };

        var act = () => harness.ConvertAsync(name, bomb);

        (await act.Should().ThrowAsync<DocumentConversionException>()).Which.Message
            .Should().Be($"The {format} file is too large to read: a part has more than 1000 XML elements.");
    }

    [Fact]
    public async Task A_paragraph_heavier_than_the_block_budget_is_refused_before_it_is_loaded()
    {
        using var harness = new ConverterHarness(o => o.Buckets.MaxOfficeBlockElements = 500);

        var act = () => harness.ConvertAsync("bomb.docx", BombSamples.DocxOfOneParagraphOfEmptyRuns(600));

        (await act.Should().ThrowAsync<DocumentConversionException>()).Which.Message
            .Should().Be($"The DOCX file is too large to read: a paragraph holds more than 500 {BlockNote}");
    }

    [Fact]
    public async Task Text_counts_against_the_block_budget_one_element_per_sixteen_characters()
    {
        using var harness = new ConverterHarness(o => o.Buckets.MaxOfficeBlockElements = 500);

        // 64 x 64 = 4096 characters: 256 units, within the budget; 64 x 256 = 16384: 1024 units, over it.
        var within = await harness.ConvertAsync("ok.docx", BombSamples.DocxOfOneHugeText(64));
        var over = () => harness.ConvertAsync("bomb.docx", BombSamples.DocxOfOneHugeText(256));

        within.Should().Be(new string('a', 4096));
        (await over.Should().ThrowAsync<DocumentConversionException>()).Which.Message
            .Should().Be($"The DOCX file is too large to read: a paragraph holds more than 500 {BlockNote}");
    }

    [Fact]
    public async Task A_table_larger_than_the_block_budget_is_streamed_row_by_row()
    {
        using var harness = new ConverterHarness(o => o.Buckets.MaxOfficeBlockElements = 100);
        var rows = string.Concat(Enumerable.Range(0, 1000).Select(i => $"<w:tr><w:tc><w:p><w:r><w:t>r{i}</w:t></w:r></w:p></w:tc><w:tc/></w:tr>"));
        var docx = BombSamples.Docx(Body($"<w:tbl>{rows}</w:tbl><w:p><w:r><w:t>after</w:t></w:r></w:p>"));

        var markdown = await harness.ConvertAsync("table.docx", docx);

        var expected = new StringBuilder("| r0 |\n| --- |");
        for (var i = 1; i < 1000; i++)
        {
            expected.Append("\n| r").Append(i).Append(" |");
        }

        markdown.Should().Be(expected.Append("\n\nafter").ToString());
    }

    [Fact]
    public async Task A_table_of_millions_of_empty_cells_in_small_rows_converts_to_nothing()
    {
        using var harness = new ConverterHarness();

        var markdown = await harness.ConvertAsync("cells.docx", BombSamples.DocxOfEmptyTableCells(2000, 500));

        markdown.Should().BeEmpty();
    }

    [Fact]
    public async Task A_table_row_heavier_than_the_block_budget_is_refused()
    {
        using var harness = new ConverterHarness(o => o.Buckets.MaxOfficeBlockElements = 500);

        var act = () => harness.ConvertAsync("cells.docx", BombSamples.DocxOfEmptyTableCells(2, 600));

        (await act.Should().ThrowAsync<DocumentConversionException>()).Which.Message
            .Should().Be($"The DOCX file is too large to read: a table row holds more than 500 {BlockNote}");
    }

    [Fact]
    public async Task A_sheet_row_heavier_than_the_block_budget_is_refused()
    {
        using var harness = new ConverterHarness(o => o.Buckets.MaxOfficeBlockElements = 500);

        var act = () => harness.ConvertAsync("row.xlsx", BombSamples.XlsxOfOneRowOfEmptyCells(600));

        (await act.Should().ThrowAsync<DocumentConversionException>()).Which.Message
            .Should().Be($"The XLSX file is too large to read: a sheet row holds more than 500 {BlockNote}");
    }

    [Fact]
    public async Task A_slide_shape_heavier_than_the_block_budget_is_refused()
    {
        using var harness = new ConverterHarness(o => o.Buckets.MaxOfficeBlockElements = 500);

        var act = () => harness.ConvertAsync("slide.pptx", BombSamples.PptxOfEmptyParagraphs(600));

        (await act.Should().ThrowAsync<DocumentConversionException>()).Which.Message
            .Should().Be($"The PPTX file is too large to read: a slide shape holds more than 500 {BlockNote}");
    }

    [Fact]
    public async Task Bombs_within_the_budgets_convert_in_streaming_to_almost_nothing()
    {
        using var harness = new ConverterHarness();

        (await harness.ConvertAsync("p.docx", BombSamples.DocxOfEmptyParagraphs(200_000))).Should().BeEmpty();
        (await harness.ConvertAsync("s.xlsx", BombSamples.XlsxOfEmptySharedStrings(200_000))).Should().Be("## Sheet1\n\n*Empty sheet*");
    }

    [Fact]
    public async Task A_start_tag_longer_than_a_mebibyte_is_refused_before_the_xml_reader_buffers_it()
    {
        using var harness = new ConverterHarness();
        var docx = BombSamples.Docx(Body($"<w:p w:rsidR=\"{new string('0', 2 * 1024 * 1024)}\"/>"));

        var act = () => harness.ConvertAsync("tag.docx", docx);

        (await act.Should().ThrowAsync<DocumentConversionException>()).Which.Message
            .Should().Be("The DOCX file is too large to read: an XML tag is longer than 1048576 bytes.");
    }

    [Fact]
    public async Task A_part_of_more_distinct_names_than_the_name_table_holds_is_refused()
    {
        using var harness = new ConverterHarness();
        var docx = BombSamples.Docx(Body(string.Concat(Enumerable.Range(0, 70_000).Select(i => $"<w:x{i}/>"))));

        var act = () => harness.ConvertAsync("names.docx", docx);

        (await act.Should().ThrowAsync<DocumentConversionException>()).Which.Message
            .Should().Be("The DOCX file is too large to read: a part uses more than 65536 distinct XML names.");
    }

    [Fact]
    public async Task A_greater_than_sign_inside_an_attribute_value_does_not_end_the_tag()
    {
        using var harness = new ConverterHarness();
        var docx = BombSamples.Docx(Body("""<w:p w:rsidR="a>b"><w:r><w:t>x &gt; y</w:t></w:r></w:p>"""));

        (await harness.ConvertAsync("gt.docx", docx)).Should().Be("x > y");
    }

    [Fact]
    public async Task Shared_strings_kept_compactly_read_back_exactly()
    {
        using var harness = new ConverterHarness();

        // Long strings cross the 64 K-character pages of the store.
        var texts = Enumerable.Range(0, 40).Select(i => new string((char)('a' + (i % 26)), 5000 + i)).ToArray();
        var strings = string.Concat(texts.Select(t => $"<si><t>{t}</t></si>"));
        var cells = string.Concat(texts.Select((_, i) => $"<row r=\"{i + 1}\"><c r=\"A{i + 1}\" t=\"s\"><v>{texts.Length - 1 - i}</v></c></row>"));
        var markdown = await harness.ConvertAsync("s.xlsx", BombSamples.XlsxWith($"<sheetData>{cells}</sheetData>", SharedStrings(strings)));

        markdown.Should().Be("## Sheet1\n\n" + string.Join('\n', texts.Reverse().Select((t, i) => i == 0 ? $"| {t} |\n| --- |" : $"| {t} |")));
    }

    private static string Body(string content) =>
        $"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>{content}</w:body></w:document>""";

    private static string SharedStrings(string items) =>
        $"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">{items}</sst>""";
}
