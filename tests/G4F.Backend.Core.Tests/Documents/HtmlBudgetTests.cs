using System.Text;
using G4F.Backend.Documents;

namespace G4F.Backend.Core.Tests.Documents;

/// <summary>
/// The HTML converter's memory budget (a page's tags and bytes are counted before its tree is built) and its cooperative
/// cancellation, with the other converters nobody else owns (CSV, plain text): a conversion whose token is cancelled
/// midway stops instead of running to its end.
/// </summary>
public sealed class HtmlBudgetTests : IDisposable
{
    private readonly ConverterHarness _harness = new();

    public void Dispose() => _harness.Dispose();

    [Fact]
    public async Task A_page_of_more_tags_than_the_budget_is_refused_before_parsing()
    {
        // 1.5 MB of empty sibling elements: about 300 MB of tree in HtmlAgilityPack.
        var page = new StringBuilder("<html><body>").Insert(12, "<b></b>", (HtmlDocumentConverter.MaxTags / 2) + 1).Append("</body></html>").ToString();

        var act = () => _harness.ConvertAsync("page.html", page);

        (await act.Should().ThrowAsync<DocumentConversionException>()).Which.Message.Should().Be($"The HTML file has more than {HtmlDocumentConverter.MaxTags} tags, too many to convert.");
    }

    [Fact]
    public async Task A_page_of_one_tag_with_more_attributes_than_the_budget_is_refused_before_parsing()
    {
        // 1 MB, one tag: the library would build 500,001 attribute objects, about 65 MB.
        var page = Encoding.ASCII.GetBytes("<p " + new StringBuilder().Insert(0, "a ", HtmlDocumentConverter.MaxAttributes + 1) + ">x</p>");

        var (error, _, allocated) = await ConversionProbe.RunAsync(_harness, "attributes.html", page);

        error.Should().BeOfType<DocumentConversionException>().Which.Message.Should().Be($"The HTML file has more than {HtmlDocumentConverter.MaxAttributes} attributes, too many to convert.");
        allocated.Should().BeLessThan(16 * 1024 * 1024, "the page is read, and refused before the library builds its tree");
    }

    [Theory]
    [InlineData("<p a=1 b='2' c=\"3\"d e/f ?g h = i>x</p>")]
    [InlineData("<p a=\">\" b c>x</p><p d>")]
    [InlineData("<script>x<a b=\"</script><p c d>")]
    [InlineData("<SCRIPT a>if (a<b) x='</scriptx>'</script ><p c>")]
    [InlineData("<textarea a><p b c></textarea><title d>t</title><style>p{}</style><p e>")]
    [InlineData("<!-- <p a b> --><!--> <p c><!x <p d> ><?pi <p e>?><!-- x --!><p f>")]
    [InlineData("<p <%x%> a b><p c=<%y%>d e><p f='<%'%>' g>")]
    [InlineData("<<p a>< p b><p/c/d>a < b <p e><br/ f>")]
    [InlineData("<p a b\n\tc\r\nd>x</p>")]
    public void The_attribute_count_is_the_number_the_library_creates(string page)
    {
        var document = new HtmlAgilityPack.HtmlDocument { OptionMaxNestedChildNodes = HtmlDocumentConverter.MaxNesting };
        document.LoadHtml(page);
        var created = document.DocumentNode.DescendantsAndSelf().Sum(node => node.Attributes.Count);

        var counter = new HtmlAttributeCounter();
        counter.Add(page, long.MaxValue);

        counter.Attributes.Should().Be(created);
    }

    [Fact]
    public async Task A_page_over_the_byte_cap_is_refused()
    {
        var page = new byte[HtmlDocumentConverter.MaxBytes + 1];
        Array.Fill(page, (byte)'x');

        var act = () => _harness.ConvertAsync("page.html", page);

        (await act.Should().ThrowAsync<DocumentConversionException>()).Which.Message.Should().Contain("larger than 16 MiB");
    }

    [Fact]
    public async Task A_page_within_the_budget_converts()
    {
        var page = new StringBuilder("<h1>T</h1>").Insert(10, "<p>x</p>", 1000).ToString();

        (await _harness.ConvertAsync("page.html", page)).Should().StartWith("# T\n\nx\n\nx");
    }

    [Theory]
    [InlineData("<html><head><meta charset=\"utf-8\"></head><body>", "a declared charset: only the head is sniffed")]
    [InlineData("<html><body>", "no declared charset: one more pass decides between UTF-8 and Windows-1252")]
    public async Task The_page_is_read_once_to_parse_it_and_its_tags_are_counted_in_that_read(string start, string because)
    {
        var page = Encoding.UTF8.GetBytes(new StringBuilder(start).Insert(start.Length, "<p>é</p>", 20_000).Append("</body></html>").ToString());
        var converter = _harness.Converters.Find("page.html", null)!;
        using var input = new ReadCountingStream(page);
        using var output = new StringWriter();

        await converter.ConvertAsync(new DocumentInput("page.html", null, input), output, CancellationToken.None);

        output.ToString().Should().StartWith("é\n\né");
        var passes = start.Contains("charset", StringComparison.Ordinal) ? 1 : 2;
        input.BytesRead.Should().BeLessThanOrEqualTo((passes * page.Length) + (64 * 1024), because);
    }

    [Theory]
    [InlineData("page.html")]
    [InlineData("table.csv")]
    [InlineData("notes.txt")]
    public async Task A_conversion_whose_token_is_cancelled_midway_stops(string name)
    {
        var content = name switch
        {
            "page.html" => new StringBuilder("<div>").Insert(5, "<p>a paragraph of text</p>", 50_000).Append("</div>").ToString(),
            "table.csv" => new StringBuilder("a,b\n").Insert(4, "1,2\n", 200_000).ToString(),
            _ => new string('x', 4 * 1024 * 1024),
        };
        using var stop = new CancellationTokenSource();
        var converter = _harness.Converters.Find(name, null)!;
        using var input = new MemoryStream(Encoding.UTF8.GetBytes(content), writable: false);
        await using var output = new CancellingWriter(stop);

        var act = () => converter.ConvertAsync(new DocumentInput(name, null, input), output, stop.Token);

        await act.Should().ThrowAsync<OperationCanceledException>();
        output.Length.Should().BeLessThan(content.Length / 2, "the converter stopped soon after its token was cancelled");
    }

    // Cancels the conversion's token on its first write and keeps accepting text, as a writer that knows nothing of the deadline would.
    private sealed class CancellingWriter(CancellationTokenSource stop) : TextWriter
    {
        public long Length { get; private set; }

        public override Encoding Encoding => Encoding.UTF8;

        public override void Write(char value)
        {
            stop.Cancel();
            Length++;
        }

        public override void Write(char[] buffer, int index, int count)
        {
            stop.Cancel();
            Length += count;
        }

        public override Task WriteAsync(ReadOnlyMemory<char> buffer, CancellationToken cancellationToken = default)
        {
            Write(buffer.ToArray(), 0, buffer.Length);
            return Task.CompletedTask;
        }

        public override Task WriteAsync(StringBuilder? value, CancellationToken cancellationToken = default)
        {
            Write((value ?? new StringBuilder()).ToString().ToCharArray(), 0, value?.Length ?? 0);
            return Task.CompletedTask;
        }

        public override Task WriteAsync(string? value) => WriteAsync((value ?? string.Empty).AsMemory());
    }
}
