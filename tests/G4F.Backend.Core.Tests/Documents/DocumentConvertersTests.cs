using G4F.Backend.Documents;
using Microsoft.Extensions.DependencyInjection;

namespace G4F.Backend.Core.Tests.Documents;

public sealed class DocumentConvertersTests : IDisposable
{
    private readonly ConverterHarness _harness = new();

    [Theory]
    [InlineData("a.pdf", null, typeof(PdfDocumentConverter))]
    [InlineData("a.PDF", null, typeof(PdfDocumentConverter))]
    [InlineData("a.docx", null, typeof(DocxDocumentConverter))]
    [InlineData("a.xlsx", null, typeof(XlsxDocumentConverter))]
    [InlineData("a.pptx", null, typeof(PptxDocumentConverter))]
    [InlineData("a.html", null, typeof(HtmlDocumentConverter))]
    [InlineData("a.htm", null, typeof(HtmlDocumentConverter))]
    [InlineData("a.csv", null, typeof(CsvDocumentConverter))]
    [InlineData("a.tsv", null, typeof(CsvDocumentConverter))]
    [InlineData("a.zip", null, typeof(ZipDocumentConverter))]
    [InlineData("a.txt", null, typeof(PlainTextDocumentConverter))]
    [InlineData("upload", "application/pdf", typeof(PdfDocumentConverter))]
    [InlineData("upload", "text/html; charset=utf-8", typeof(HtmlDocumentConverter))]
    [InlineData("upload", "TEXT/CSV", typeof(CsvDocumentConverter))]
    [InlineData("upload", "application/zip", typeof(ZipDocumentConverter))]
    [InlineData("upload", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", typeof(XlsxDocumentConverter))]
    [InlineData("upload", "application/vnd.openxmlformats-officedocument.presentationml.presentation", typeof(PptxDocumentConverter))]
    [InlineData("page.html", "application/pdf", typeof(HtmlDocumentConverter))]
    public void Find_picks_by_extension_then_by_content_type(string name, string? contentType, Type expected) =>
        _harness.Converters.Find(name, contentType).Should().BeOfType(expected);

    [Theory]
    [InlineData("old.doc")]
    [InlineData("old.xls")]
    [InlineData("old.ppt")]
    [InlineData("photo.jpg")]
    [InlineData("noextension")]
    public void Find_has_no_converter_for_binary_office_or_unknown_files(string name) =>
        _harness.Converters.Find(name, null).Should().BeNull();

    [Fact]
    public void A_host_converter_registered_later_wins()
    {
        var host = new HostPdfConverter();
        using var harness = new ConverterHarness(extra: services => services.AddSingleton<IDocumentConverter>(host));

        harness.Converters.Find("a.pdf", null).Should().BeSameAs(host);
        harness.Converters.Find("a.docx", null).Should().BeOfType<DocxDocumentConverter>();
    }

    public static TheoryData<string, byte[]> EveryFormat() => new()
    {
        { "a.pdf", PdfSamples.Report() },
        { "a.docx", DocxSamples.Report() },
        { "a.xlsx", XlsxSamples.People() },
        { "a.pptx", PptxSamples.Deck() },
        { "a.html", ZipSamples.Text("<p>x</p>") },
        { "a.csv", ZipSamples.Text("a,b\n1,2\n") },
        { "a.zip", ZipSamples.Create(("a.txt", ZipSamples.Text("x"))) },
        { "a.txt", ZipSamples.Text("x") },
    };

    [Theory]
    [MemberData(nameof(EveryFormat))]
    public async Task Every_converter_honours_cancellation(string name, byte[] content)
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        var act = () => _harness.ConvertAsync(name, content, cancellationToken: cancelled.Token);

        await act.Should().ThrowAsync<OperationCanceledException>();
    }

    public void Dispose() => _harness.Dispose();

    private sealed class HostPdfConverter : IDocumentConverter
    {
        public bool CanConvert(string extension, string? contentType) => extension == ".pdf";

        public Task ConvertAsync(DocumentInput input, TextWriter output, CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
