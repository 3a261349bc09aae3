using System.Text;
using G4F.Backend.Documents;
using Snapshooter.Xunit;

namespace G4F.Backend.Core.Tests.Documents;

public sealed class PdfConverterTests : IDisposable
{
    private readonly ConverterHarness _harness = new();

    [Fact]
    public async Task Pdf_pages_get_a_heading_each_and_text_in_reading_order()
    {
        var markdown = await _harness.ConvertAsync("report.pdf", PdfSamples.Report());

        Snapshot.Match(markdown);
        markdown.Should().StartWith("## Page 1\n\nQuarterly report");
        markdown.Should().EndWith("## Page 3");
    }

    [Fact]
    public async Task A_two_column_page_reads_the_left_column_before_the_right_one()
    {
        var markdown = await _harness.ConvertAsync("report.pdf", PdfSamples.Report());

        var page = markdown[markdown.IndexOf("## Page 2", StringComparison.Ordinal)..];
        page.IndexOf("ends the left column.", StringComparison.Ordinal).Should().BeLessThan(page.IndexOf("Right column begins after", StringComparison.Ordinal));
        page.Should().Contain("Left column starts here and\ncontinues on this line and\nends the left column.");
    }

    [Fact]
    public async Task A_two_column_article_reads_title_left_column_right_column_footer()
    {
        var markdown = await _harness.ConvertAsync("article.pdf", PdfSamples.Article());

        markdown.Should().Be(
            "## Page 1\n\nA study of columns across the whole width of the page\n\n"
            + "Left one: the first paragraph of the\nleft column has two lines.\n\n"
            + "Left two: the second paragraph of the\nleft column follows it.\n\n"
            + "Right one: the right column starts\nafter the left column ends.\n\n"
            + "Right two: and it closes with this\nparagraph at the bottom.\n\n"
            + "Footer note that runs under both of the columns of this page, from the left margin to the right one");
    }

    [Fact]
    public async Task Every_page_of_a_long_document_comes_in_order_under_its_heading()
    {
        var markdown = await _harness.ConvertAsync("long.pdf", PdfSamples.Pages(40));

        var expected = string.Join("\n\n", Enumerable.Range(1, 40).Select(n => $"## Page {n}\n\nThis is page {n} of the document,\nthe second line of its paragraph."));
        markdown.Should().Be(expected);
    }

    [Fact]
    public async Task Corrupt_pdf_bytes_are_a_clean_conversion_error()
    {
        var bytes = Encoding.ASCII.GetBytes("%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 9 0 R >>\ngarbage garbage\n%%EOF");

        var act = () => _harness.ConvertAsync("broken.pdf", bytes);

        (await act.Should().ThrowAsync<DocumentConversionException>()).Which.Message.Should().Be("The PDF file is corrupt or cannot be read.");
    }

    [Fact]
    public async Task An_encrypted_pdf_that_needs_a_password_is_a_clean_conversion_error()
    {
        // A standard security handler whose user password is not empty: nothing can be decrypted without it.
        var pdf = Encoding.Latin1.GetString(PdfSamples.Report());
        var o = new string('A', 64);
        var u = new string('B', 64);
        var encrypted = pdf.Replace("trailer\n<<", $"trailer\n<< /Encrypt << /Filter /Standard /V 1 /R 2 /O <{o}> /U <{u}> /P -4 >> /ID [<0123456789ABCDEF0123456789ABCDEF> <0123456789ABCDEF0123456789ABCDEF>]", StringComparison.Ordinal);
        encrypted.Should().NotBe(pdf, "the sample must get an encryption dictionary");

        var act = () => _harness.ConvertAsync("secret.pdf", Encoding.Latin1.GetBytes(encrypted));

        await act.Should().ThrowAsync<DocumentConversionException>();
    }

    public void Dispose() => _harness.Dispose();
}
