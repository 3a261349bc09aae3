using G4F.Backend.Documents;
using Snapshooter.Xunit;

namespace G4F.Backend.Core.Tests.Documents;

public sealed class OfficeConverterTests : IDisposable
{
    private readonly ConverterHarness _harness = new();

    [Fact]
    public async Task Docx_becomes_markdown_with_headings_lists_emphasis_links_and_tables()
    {
        var markdown = await _harness.ConvertAsync("plan.docx", DocxSamples.Report());

        Snapshot.Match(markdown);
        markdown.Should().Contain("We ship **fast** and *well*, see [the docs](https://example.com/docs?a=1).");
        markdown.Should().Contain("- First bullet\n    - Nested bullet\n- Second bullet\n\n1. Step one");
        markdown.Should().Contain("1. Step one\n    1. Step one, detail\n2. Step two");
        markdown.Should().Contain("| Cost \\| EUR |").And.Contain("| two<br>lines |");
        markdown.Should().NotEndWith("\n");
    }

    [Fact]
    public async Task Docx_is_found_by_content_type_when_the_name_has_no_extension()
    {
        var markdown = await _harness.ConvertAsync("upload", DocxSamples.Report(), "application/vnd.openxmlformats-officedocument.wordprocessingml.document");

        markdown.Should().StartWith("# Project plan");
    }

    [Fact]
    public async Task Xlsx_becomes_one_table_per_sheet_with_dates_booleans_and_cached_formula_values()
    {
        var markdown = await _harness.ConvertAsync("people.xlsx", XlsxSamples.People());

        Snapshot.Match(markdown);
        markdown.Should().Contain("| Ada Lovelace | 2024-01-01 | TRUE | 3.5 | pipe \\| here |");
        markdown.Should().Contain("| Grace | 2024-01-01 18:00:00 | FALSE | 7 |  |");
        markdown.Should().Contain("| Sparse |  |  | 1234567.125 |  |");
        markdown.Should().Contain("## Totals | 2024");
    }

    [Fact]
    public async Task Xlsx_dates_follow_the_1904_date_system_when_the_workbook_uses_it()
    {
        var markdown = await _harness.ConvertAsync("people.xlsx", XlsxSamples.People(date1904: true));

        // 45292 days after 1904-01-01 is 4 years and a day later than in the 1900 system.
        markdown.Should().Contain("| Ada Lovelace | 2028-01-02 |");
    }

    [Theory]
    [InlineData("yyyy-mm-dd", true)]
    [InlineData("[h]:mm", true)]
    [InlineData("[Red]0.00", false)]
    [InlineData("0.00\" days\"", false)]
    [InlineData("\\d0", false)]
    [InlineData("General", false)]
    [InlineData("#,##0;[Red]-#,##0", false)]
    public void Xlsx_custom_number_formats_are_dates_only_when_they_show_date_or_time_parts(string code, bool isDate) =>
        XlsxCellFormatter.IsDateCode(code).Should().Be(isDate);

    [Fact]
    public async Task Pptx_slides_follow_presentation_order_with_titles_bullets_and_notes()
    {
        var markdown = await _harness.ConvertAsync("deck.pptx", PptxSamples.Deck());

        Snapshot.Match(markdown);
        markdown.Should().StartWith("## Slide 1: Agenda \\* 2025");
        markdown.Should().Contain("## Slide 2: Welcome\n\n- Why we are here\n    - Budget\n    - Timeline\n\n### Notes\n\nSpeaker: greet everyone.");
        markdown.Should().Contain("## Slide 3\n\nQuestions?");
        markdown.Should().NotContain("7", "the slide number placeholder is decoration");
    }

    [Theory]
    [InlineData("bad.docx")]
    [InlineData("bad.xlsx")]
    [InlineData("bad.pptx")]
    public async Task A_zip_of_garbage_named_as_an_office_file_is_a_clean_conversion_error(string name)
    {
        var garbage = ZipSamples.Create(("word/document.xml", ZipSamples.Text("<<not xml")), ("[Content_Types].xml", ZipSamples.Text("nope")));

        var act = () => _harness.ConvertAsync(name, garbage);

        var error = await act.Should().ThrowAsync<DocumentConversionException>();
        error.Which.Message.Should().MatchRegex("^The (DOCX|XLSX|PPTX) file is corrupt or cannot be read\\.$");
    }

    [Fact]
    public async Task A_truncated_xlsx_is_a_clean_conversion_error()
    {
        var bytes = XlsxSamples.People();

        var act = () => _harness.ConvertAsync("cut.xlsx", bytes[..(bytes.Length / 2)]);

        (await act.Should().ThrowAsync<DocumentConversionException>()).Which.Message.Should().Be("The XLSX file is corrupt or cannot be read.");
    }

    [Fact]
    public async Task An_office_part_larger_than_the_archive_limit_is_refused()
    {
        using var harness = new ConverterHarness(o => o.Buckets.MaxArchiveBytes = 1000);

        var act = () => harness.ConvertAsync("plan.docx", DocxSamples.Report());

        await act.Should().ThrowAsync<DocumentConversionException>();
    }

    [Theory]
    [InlineData("many.docx")]
    [InlineData("many.xlsx")]
    [InlineData("many.pptx")]
    public async Task An_office_file_declaring_more_entries_than_it_may_have_is_refused_before_it_is_opened(string name)
    {
        // MaxArchiveEntries 5: an Office file may have 50 entries. 20,000 more (1.1 MB) would be an object or more each.
        using var harness = new ConverterHarness(o => o.Buckets.MaxArchiveEntries = 5);
        var sample = Path.GetExtension(name) switch
        {
            ".docx" => DocxSamples.Report(),
            ".xlsx" => XlsxSamples.People(),
            _ => PptxSamples.Deck(),
        };
        var file = ZipSamples.WithExtraDirectoryEntries(sample, 20_000);

        var (error, bytesRead, allocated) = await ConversionProbe.RunAsync(harness, name, file);

        var format = Path.GetExtension(name).TrimStart('.').ToUpperInvariant();
        error.Should().BeOfType<DocumentConversionException>().Which.Message.Should().MatchRegex($@"^The {format} file has 200\d\d entries; at most 50 are read\.$");
        bytesRead.Should().BeLessThan(128 * 1024, "only the end records are read");
        allocated.Should().BeLessThan(file.Length / 4, "nothing of the package is built");
    }

    [Theory]
    [InlineData("plan.docx")]
    [InlineData("people.xlsx")]
    [InlineData("deck.pptx")]
    public async Task An_office_file_within_the_entry_cap_converts_as_before(string name)
    {
        using var harness = new ConverterHarness(o => o.Buckets.MaxArchiveEntries = 5);
        var sample = Path.GetExtension(name) switch
        {
            ".docx" => DocxSamples.Report(),
            ".xlsx" => XlsxSamples.People(),
            _ => PptxSamples.Deck(),
        };

        (await harness.ConvertAsync(name, sample)).Should().Be(await _harness.ConvertAsync(name, sample));
    }

    public void Dispose() => _harness.Dispose();
}
