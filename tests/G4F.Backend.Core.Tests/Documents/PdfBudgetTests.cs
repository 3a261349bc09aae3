using G4F.Backend.Core.Tests.Configuration;
using G4F.Backend.Documents;

namespace G4F.Backend.Core.Tests.Documents;

/// <summary>The decoded-bytes budget of the PDF converter, with small limits so the bombs stay small.</summary>
public sealed class PdfBudgetTests
{
    private const long MiB = 1024 * 1024;

    [Fact]
    public async Task A_flate_content_stream_over_the_page_budget_is_a_clean_error_naming_the_limit()
    {
        using var harness = new ConverterHarness(o => o.Buckets.MaxPdfPageDecodedBytes = MiB);

        var act = () => harness.ConvertAsync("bomb.pdf", PdfBombSamples.FlateContent(64 * MiB));

        (await act.Should().ThrowAsync<DocumentConversionException>()).Which.Message
            .Should().Be("A page of the PDF file decodes to more than 1048576 bytes (the limit for one page).");
    }

    [Fact]
    public void A_collection_falls_due_once_each_time_the_decoded_bytes_pass_the_step_since_the_last()
    {
        var budget = new PdfDecodeBudget(100 * MiB, 100 * MiB, CancellationToken.None);

        budget.Consume(20 * MiB);
        budget.TakeDecodedSince(32 * MiB).Should().BeFalse();
        budget.BeginPage();
        budget.Consume(12 * MiB);
        budget.TakeDecodedSince(32 * MiB).Should().BeTrue("32 MiB were decoded over two pages");
        budget.TakeDecodedSince(32 * MiB).Should().BeFalse("the count starts again after a collection");
        budget.Consume(31 * MiB);
        budget.TakeDecodedSince(32 * MiB).Should().BeFalse();
        budget.Consume(MiB);
        budget.TakeDecodedSince(32 * MiB).Should().BeTrue();
    }

    [Fact]
    public async Task One_page_listing_one_stream_many_times_stops_at_the_page_budget()
    {
        using var harness = new ConverterHarness(o => o.Buckets.MaxPdfPageDecodedBytes = MiB);

        var act = () => harness.ConvertAsync("bomb.pdf", PdfBombSamples.ManyContentStreams(16, MiB / 4));

        (await act.Should().ThrowAsync<DocumentConversionException>()).Which.Message.Should().StartWith("A page of the PDF file decodes to more than 1048576 bytes");
    }

    [Fact]
    public async Task Many_pages_each_within_the_page_budget_stop_at_the_file_budget()
    {
        using var harness = new ConverterHarness(o => o.Buckets.MaxPdfDecodedBytes = 4 * MiB);

        var act = () => harness.ConvertAsync("bomb.pdf", PdfBombSamples.ManyPages(16, MiB));

        (await act.Should().ThrowAsync<DocumentConversionException>()).Which.Message
            .Should().Be("The PDF file decodes to more than 4194304 bytes (the limit for one file).");
    }

    [Fact]
    public async Task A_page_of_more_characters_than_the_cap_is_an_error_before_millions_of_objects_are_built()
    {
        // 2 MB of text decoded: well within every decoded-bytes budget, but one object per character is too many.
        using var harness = new ConverterHarness();

        var act = () => harness.ConvertAsync("dense.pdf", PdfBombSamples.ManyCharacters(2_000_001));

        (await act.Should().ThrowAsync<DocumentConversionException>()).Which.Message
            .Should().Be("The PDF page has more than 2,000,000 characters.");
    }

    [Fact]
    public async Task A_pdf_within_its_budget_converts()
    {
        using var harness = new ConverterHarness(o => (o.Buckets.MaxPdfDecodedBytes, o.Buckets.MaxPdfPageDecodedBytes) = (4 * MiB, MiB));

        var markdown = await harness.ConvertAsync("fine.pdf", PdfBombSamples.ManyPages(3, MiB / 2));

        markdown.Should().Be("## Page 1\n\nBomb page\n\n## Page 2\n\nBomb page\n\n## Page 3\n\nBomb page");
    }

    [Fact]
    public async Task Cancelling_while_a_page_is_read_stops_inside_the_page()
    {
        // One page only: the converter's loop never gets another turn, so only a check inside the page's decoding stops it.
        using var harness = new ConverterHarness();
        var pdf = PdfBombSamples.FlateContent(8 * MiB);
        using var stop = new CancellationTokenSource();
        using var input = new CancellingStream(pdf, PdfBombSamples.StreamDataOffset(pdf) + 16, stop);
        var converter = harness.Converters.Find("bomb.pdf", null)!;

        var act = () => converter.ConvertAsync(new DocumentInput("bomb.pdf", null, input), TextWriter.Null, stop.Token);

        await act.Should().ThrowAsync<OperationCanceledException>();
        input.Cancelled.Should().BeTrue("the stream data must have been read");
    }

    [Fact]
    public void The_flate_count_stops_when_cancelled()
    {
        var pdf = PdfBombSamples.FlateContent(8 * MiB);
        var start = PdfBombSamples.StreamDataOffset(pdf);
        var data = pdf.AsMemory(start, pdf.Length - start);

        PdfDecodedLength.FlateExceeds(data, 4 * MiB, CancellationToken.None).Should().BeTrue();
        PdfDecodedLength.FlateExceeds(data, 16 * MiB, CancellationToken.None).Should().BeFalse();
        var act = () => PdfDecodedLength.FlateExceeds(data, 16 * MiB, new CancellationToken(canceled: true));
        act.Should().Throw<OperationCanceledException>();
    }

    [Fact]
    public void The_default_budgets_are_valid_and_non_positive_ones_fail_naming_the_key()
    {
        var options = new G4FBackendOptions();
        options.Buckets.MaxPdfDecodedBytes.Should().Be(256 * MiB);
        options.Buckets.MaxPdfPageDecodedBytes.Should().Be(32 * MiB);
        StartupValidation.Run(options).Succeeded.Should().BeTrue();

        options.Buckets.MaxPdfDecodedBytes = 0;
        options.Buckets.MaxPdfPageDecodedBytes = -1;
        var result = StartupValidation.Run(options);
        result.FailureMessage.Should().Contain("G4F:Buckets:MaxPdfDecodedBytes").And.Contain("G4F:Buckets:MaxPdfPageDecodedBytes");
    }

    [Theory]
    [InlineData(20_000, "The PDF file has 20000 pages, more than 100 (the limit for one file).")]
    [InlineData(1, "The PDF file has more than 100 pages (the limit for one file).")]
    public async Task A_pdf_of_more_pages_than_the_limit_is_refused_before_pdfpig_opens_it(int declaredCount, string message)
    {
        // 20,000 empty pages (1 MB) whose page tree says so, or says 1: PdfPig would build a node for each.
        using var harness = new ConverterHarness(o => o.Buckets.MaxPdfPages = 100);
        var pdf = PdfBombSamples.EmptyPages(20_000, declaredCount);

        var allocated = GC.GetAllocatedBytesForCurrentThread();
        var act = () => harness.ConvertAsync("pages.pdf", pdf);

        (await act.Should().ThrowAsync<DocumentConversionException>()).Which.Message.Should().Be(message);
        (GC.GetAllocatedBytesForCurrentThread() - allocated).Should().BeLessThan(
            2 * pdf.Length + (4 * MiB), "the pages are counted in the bytes, before PdfPig builds a node for each");
    }

    [Fact]
    public async Task A_pdf_whose_page_tree_understates_its_count_is_refused_by_the_count_pdfpig_finds()
    {
        // Too few references to be refused from the bytes; PdfPig's count says 101 before any page is read.
        using var harness = new ConverterHarness(o => o.Buckets.MaxPdfPages = 100);

        (await harness.ConvertAsync("pages.pdf", PdfBombSamples.EmptyPages(100, 1))).Should().Contain("## Page 100");
        var act = () => harness.ConvertAsync("pages.pdf", PdfBombSamples.EmptyPages(101, 1));

        (await act.Should().ThrowAsync<DocumentConversionException>()).Which.Message
            .Should().Be("The PDF file has 101 pages, more than 100 (the limit for one file).");
    }

    [Fact]
    public void The_page_limit_defaults_to_10000_and_must_be_positive()
    {
        var options = new G4FBackendOptions();
        options.Buckets.MaxPdfPages.Should().Be(10_000);
        StartupValidation.Run(options).Succeeded.Should().BeTrue();

        options.Buckets.MaxPdfPages = 0;
        StartupValidation.Run(options).FailureMessage.Should().Contain("G4F:Buckets:MaxPdfPages must be positive.");
    }

    /// <summary>A seekable stream over bytes that cancels a token once a read reaches a given offset.</summary>
    private sealed class CancellingStream(byte[] bytes, int trigger, CancellationTokenSource stop) : MemoryStream(bytes, writable: false)
    {
        public bool Cancelled { get; private set; }

        public override int Read(byte[] buffer, int offset, int count)
        {
            if (Position <= trigger && Position + count > trigger)
            {
                Cancelled = true;
                stop.Cancel();
            }

            return base.Read(buffer, offset, count);
        }

        public override int Read(Span<byte> buffer)
        {
            if (Position <= trigger && Position + buffer.Length > trigger)
            {
                Cancelled = true;
                stop.Cancel();
            }

            return base.Read(buffer);
        }
    }
}
