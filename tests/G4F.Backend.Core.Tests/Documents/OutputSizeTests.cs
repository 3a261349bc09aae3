using System.Text;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using G4F.Backend.Documents;
using Microsoft.Extensions.DependencyInjection;

namespace G4F.Backend.Core.Tests.Documents;

/// <summary>Small inputs whose markdown would explode: wide padded tables and converters that write without end.</summary>
public sealed class OutputSizeTests : IDisposable
{
    private readonly ConverterHarness _harness = new();

    [Fact]
    public async Task Xlsx_with_one_cell_at_xfd_and_2000_rows_stays_small_and_says_columns_were_cut()
    {
        var xlsx = WideWorkbook();

        var markdown = await _harness.ConvertAsync("wide.xlsx", xlsx);

        xlsx.Length.Should().BeLessThan(20_000);
        markdown.Length.Should().BeLessThan(3_000_000, "rows are padded to at most 256 columns, not 16,384");
        markdown.Should().EndWith("*Only the first 256 of 16384 columns are shown.*");
        var lines = markdown.Split('\n');
        lines[0].Should().Be("## Wide");
        lines[2].Should().StartWith("| row 2 |  |", "row 1 has text only past the cut, so it is left out");
        lines[2].Split('|').Length.Should().Be(258, "256 cells between 257 bars, plus the empty text outside them");
    }

    [Fact]
    public async Task Csv_with_one_very_wide_row_pads_other_rows_to_at_most_256_columns()
    {
        var csv = new StringBuilder("a,b\n").Append(string.Join(',', Enumerable.Range(0, 100_000))).Append('\n');
        for (var i = 0; i < 2000; i++)
        {
            csv.Append("x,y\n");
        }

        var markdown = await _harness.ConvertAsync("wide.csv", csv.ToString());

        markdown.Length.Should().BeLessThan(3_000_000);
        markdown.Should().EndWith("*Only the first 256 of 100000 columns are shown.*");
        markdown.Split('\n')[3].Should().StartWith("| x | y |  |");
    }

    [Fact]
    public async Task Empty_columns_at_the_right_of_every_row_are_dropped()
    {
        var markdown = await _harness.ConvertAsync("t.csv", "a,b,,\n1,,,\n");

        markdown.Should().Be("| a | b |\n| --- | --- |\n| 1 |  |");
    }

    [Fact]
    public async Task Html_colspans_are_capped_at_256_columns()
    {
        var row = string.Concat(Enumerable.Repeat("<td colspan=\"100\">x</td>", 50)) + "<td>last</td>";
        var html = "<table><tr><td>h</td></tr>" + string.Concat(Enumerable.Repeat($"<tr>{row}</tr>", 5)) + "</table>";

        var markdown = await _harness.ConvertAsync("t.html", html);

        markdown.Should().EndWith("*Only the first 256 of 5001 columns are shown.*");
        markdown.Split('\n')[0].Split('|').Length.Should().Be(258);
    }

    [Fact]
    public async Task A_converter_that_writes_without_end_is_stopped_by_the_budget_with_a_clean_error()
    {
        using var harness = new ConverterHarness(extra: s => s.AddSingleton<IDocumentConverter>(new EndlessConverter()));
        var converter = harness.Converters.Find("a.endless", null)!;
        await using var budget = new OutputBudgetWriter(TextWriter.Null, 8L * 1024 * 1024, CancellationToken.None);

        var act = () => converter.ConvertAsync(new DocumentInput("a.endless", null, Stream.Null), budget, CancellationToken.None);

        (await act.Should().ThrowAsync<DocumentConversionException>()).Which.Message.Should().Be("The converted text is too large");
        budget.Exceeded.Should().BeTrue();
        budget.Remaining.Should().Be(0);
    }

    [Fact]
    public void The_budget_writer_counts_utf8_bytes_of_every_kind_of_write()
    {
        using var inner = new StringWriter();
        using var writer = new OutputBudgetWriter(inner, 12, CancellationToken.None);

        writer.Write('a');
        writer.Write("bcd");
        writer.Write("ef".ToCharArray(), 0, 2);
        writer.Write("gé".AsSpan());
        writer.Remaining.Should().Be(3, "é is two bytes of UTF-8");
        var act = () => writer.Write("ijkl");

        act.Should().Throw<DocumentConversionException>();
        inner.ToString().Should().Be("abcdefgé");
    }

    [Fact]
    public async Task A_zip_member_gets_only_what_is_left_of_the_conversions_budget()
    {
        var zip = ZipOf(("big.txt", new string('x', 4000)), ("small.txt", "tiny"));
        var converter = _harness.Converters.Find("a.zip", null)!;
        using var output = new StringWriter();
        await using var budget = new OutputBudgetWriter(output, 1000, CancellationToken.None);

        await converter.ConvertAsync(new DocumentInput("a.zip", null, new MemoryStream(zip)), budget, CancellationToken.None);

        var markdown = output.ToString();
        markdown.Should().Contain("big.txt\n*Not converted: The converted text is too large*");
        markdown.Should().NotContain("xxxxxxxxxx", "the member's text is never buffered past the budget");
        markdown.Should().Contain("tiny");
    }

    public void Dispose() => _harness.Dispose();

    private static byte[] WideWorkbook()
    {
        using var stream = new MemoryStream();
        using (var document = SpreadsheetDocument.Create(stream, DocumentFormat.OpenXml.SpreadsheetDocumentType.Workbook))
        {
            var workbook = document.AddWorkbookPart();
            workbook.Workbook = new Workbook(new Sheets());
            var rows = new List<Row> { new(Cell("XFD1", "far")) { RowIndex = 1 } };
            for (uint i = 2; i <= 2001; i++)
            {
                rows.Add(new Row(Cell($"A{i}", $"row {i}")) { RowIndex = i });
            }

            var part = workbook.AddNewPart<WorksheetPart>();
            part.Worksheet = new Worksheet(new SheetData(rows));
            workbook.Workbook.Sheets!.Append(new Sheet { Name = "Wide", SheetId = 1, Id = workbook.GetIdOfPart(part) });
        }

        return stream.ToArray();
    }

    private static byte[] ZipOf(params (string Name, string Text)[] members)
    {
        using var stream = new MemoryStream();
        using (var archive = new System.IO.Compression.ZipArchive(stream, System.IO.Compression.ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, text) in members)
            {
                using var entry = new StreamWriter(archive.CreateEntry(name).Open());
                entry.Write(text);
            }
        }

        return stream.ToArray();
    }

    private static Cell Cell(string reference, string text) =>
        new(new InlineString(new Text(text))) { CellReference = reference, DataType = CellValues.InlineString };

    private sealed class EndlessConverter : IDocumentConverter
    {
        public bool CanConvert(string extension, string? contentType) => extension == ".endless";

        public async Task ConvertAsync(DocumentInput input, TextWriter output, CancellationToken cancellationToken)
        {
            var chunk = new string('x', 1024 * 1024).AsMemory();
            while (true)
            {
                await output.WriteAsync(chunk, cancellationToken);
            }
        }
    }
}
