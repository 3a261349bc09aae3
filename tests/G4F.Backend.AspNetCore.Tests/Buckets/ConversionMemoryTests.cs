using System.Text.Json.Nodes;
using G4F.Backend.AspNetCore.Tests.Infrastructure;
using G4F.Backend.Core.Tests.Documents;
using Xunit.Abstractions;

namespace G4F.Backend.AspNetCore.Tests.Buckets;

/// <summary>
/// Decompression bombs uploaded to the sample server running as its own process: each is either refused with its
/// per-file error or converted (streamed) to the little text it holds, costs at most <see cref="Budget"/> of resident
/// memory above what the server held before, and leaves the server serving.
/// </summary>
[Collection(ConversionMemoryCollection.Name)]
public sealed class ConversionMemoryTests(SampleServerFixture fixture, ITestOutputHelper output) : IClassFixture<SampleServerFixture>
{
    /// <summary>The memory one conversion may take, whatever its input expands to.</summary>
    public const long Budget = 256L * 1024 * 1024;

    private const string Docx = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

    private const string Xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    private const string Pptx = "application/vnd.openxmlformats-officedocument.presentationml.presentation";

    private const string BlockNote = "XML elements (text counts one per 16 characters).";

    [Fact]
    public async Task A_docx_of_twenty_million_empty_paragraphs_is_refused_within_the_budget()
    {
        await RefusedAsync(("bomb.docx", Docx, BombSamples.DocxOfEmptyParagraphs(20_000_000)), "The DOCX file is too large to read: a part has more than 10000000 XML elements.");
    }

    [Fact]
    public async Task An_xlsx_of_twenty_million_empty_shared_strings_is_refused_within_the_budget()
    {
        await RefusedAsync(("bomb.xlsx", Xlsx, BombSamples.XlsxOfEmptySharedStrings(20_000_000)), "The XLSX file is too large to read: a part has more than 10000000 XML elements.");
    }

    [Fact]
    public async Task A_pptx_slide_of_twenty_million_empty_paragraphs_is_refused_within_the_budget()
    {
        await RefusedAsync(("bomb.pptx", Pptx, BombSamples.PptxOfEmptyParagraphs(20_000_000)), "The PPTX file is too large to read: a part has more than 10000000 XML elements.");
    }

    [Fact]
    public async Task A_pptx_shape_of_nine_million_empty_paragraphs_is_refused_by_the_block_budget_within_the_memory_budget()
    {
        await RefusedAsync(("shape.pptx", Pptx, BombSamples.PptxOfEmptyParagraphs(9_000_000)), $"The PPTX file is too large to read: a slide shape holds more than 250000 {BlockNote}");
    }

    [Fact]
    public async Task A_docx_paragraph_of_five_million_empty_runs_is_refused_by_the_block_budget_within_the_memory_budget()
    {
        await RefusedAsync(("runs.docx", Docx, BombSamples.DocxOfOneParagraphOfEmptyRuns(5_000_000)), $"The DOCX file is too large to read: a paragraph holds more than 250000 {BlockNote}");
    }

    [Fact]
    public async Task A_docx_paragraph_of_two_hundred_million_characters_is_refused_by_the_block_budget_within_the_memory_budget()
    {
        await RefusedAsync(("text.docx", Docx, BombSamples.DocxOfOneHugeText(3_000_000)), $"The DOCX file is too large to read: a paragraph holds more than 250000 {BlockNote}");
    }

    [Fact]
    public async Task An_xlsx_row_of_five_million_empty_cells_is_refused_by_the_block_budget_within_the_memory_budget()
    {
        await RefusedAsync(("row.xlsx", Xlsx, BombSamples.XlsxOfOneRowOfEmptyCells(5_000_000)), $"The XLSX file is too large to read: a sheet row holds more than 250000 {BlockNote}");
    }

    [Fact]
    public async Task A_docx_of_nine_million_empty_paragraphs_is_streamed_to_empty_text_within_the_budget()
    {
        await ConvertedToEmptyTextAsync(("empty.docx", Docx, BombSamples.DocxOfEmptyParagraphs(9_000_000)));
    }

    [Fact]
    public async Task A_docx_table_of_nine_million_empty_cells_is_streamed_row_by_row_to_empty_text_within_the_budget()
    {
        await ConvertedToEmptyTextAsync(("table.docx", Docx, BombSamples.DocxOfEmptyTableCells(9_000, 1_000)));
    }

    [Fact]
    public async Task A_zip_holding_the_docx_bomb_notes_the_member_error_within_the_budget()
    {
        var zip = BombSamples.Zip("bomb.docx", BombSamples.DocxOfEmptyParagraphs(20_000_000));

        var (answer, peak, bucket) = await UploadMeasuredAsync(("bomb.zip", "application/zip", zip));

        peak.Should().BeLessThan(Budget, "the conversion of a {0} byte ZIP must stay within its memory budget", zip.Length);
        answer["errors"]!.AsArray().Should().BeEmpty();
        (await fixture.Server.Client.ReadTextAsync(bucket)).Should().Contain(
            "```bomb.docx\n*Not converted: The DOCX file is too large to read: a part has more than 10000000 XML elements.*\n```");
        await ServerStillServesAsync();
    }

    private async Task RefusedAsync((string Name, string ContentType, byte[] Bytes) bomb, string message)
    {
        var (answer, peak, _) = await UploadMeasuredAsync(bomb);

        peak.Should().BeLessThan(Budget, "the conversion of a {0} byte file must stay within its memory budget", bomb.Bytes.Length);
        answer["errors"]!.ToJsonString().Should().Be(new JsonArray(new JsonObject { ["name"] = bomb.Name, ["message"] = message }).ToJsonString());
        answer["files"]!.AsArray().Should().BeEmpty();
        await ServerStillServesAsync();
    }

    private async Task ConvertedToEmptyTextAsync((string Name, string ContentType, byte[] Bytes) bomb)
    {
        var (answer, peak, bucket) = await UploadMeasuredAsync(bomb);

        peak.Should().BeLessThan(Budget, "the conversion of a {0} byte file must stay within its memory budget", bomb.Bytes.Length);
        answer["errors"]!.AsArray().Should().BeEmpty();
        (await fixture.Server.Client.ReadTextAsync(bucket)).Should().Be($"<!-- File: {bomb.Name}.md -->\n\n<-- End -->\n\n");
        await ServerStillServesAsync();
    }

    /// <summary>Uploads into a new bucket and returns the answer with the peak resident memory the upload added.</summary>
    private async Task<(JsonObject Answer, long PeakAddedBytes, string Bucket)> UploadMeasuredAsync(params (string Name, string ContentType, byte[] Bytes)[] files)
    {
        var server = fixture.Server;
        var bucket = Guid.NewGuid().ToString();
        var started = System.Diagnostics.Stopwatch.StartNew();
        var (json, peak) = await server.MeasureAsync(client => client.UploadJsonAsync(bucket, files));
        output.WriteLine($"{string.Join(", ", files.Select(file => $"{file.Name} ({file.Bytes.Length} bytes)"))}: peak +{peak / (1024 * 1024)} MiB in {started.Elapsed.TotalSeconds:F1} s, answer {json}");
        return (JsonNode.Parse(json)!.AsObject(), peak, bucket);
    }

    private async Task ServerStillServesAsync()
    {
        fixture.Server.IsRunning.Should().BeTrue();
        (await fixture.Server.Client.GetStringAsync("/backend-api/v2/version")).Should().Contain("version");
    }
}
