using System.Text;
using G4F.Backend.Documents;
using Snapshooter.Xunit;

namespace G4F.Backend.Core.Tests.Documents;

public sealed class TextConverterTests : IDisposable
{
    private const string Page = """
        <!DOCTYPE html>
        <html><head><title>Ignored &amp; replaced</title><style>p { color: red }</style>
        <script>alert("x")</script></head>
        <body>
          <noscript>Enable JavaScript</noscript><template><p>hidden</p></template>
          <h1>Release   notes &amp; more</h1>
          <p>Read the <a href="https://example.com/a b">guide</a> and <strong>bold</strong>,
             <em>italic</em>, <code>x = `y`</code> text.<br>Second line.</p>
          <img src="/logo.png" alt="Logo"> <img src="data:image/png;base64,AAAA" alt="inline">
          <ul><li>One</li><li>Two<ul><li>Two A</li><li>Two B</li></ul></li><li><p>Three</p></li></ul>
          <ol start="3"><li>Third</li><li>Fourth</li></ol>
          <pre><code class="language-python">def f():
            return "```"
        </code></pre>
          <blockquote><p>Quoted</p><p>twice</p></blockquote>
          <table><thead><tr><th>Key</th><th>Value</th></tr></thead>
            <tbody><tr><td>a|b</td><td>1<br>2</td></tr><tr><td colspan="2">wide</td></tr><tr><td>short</td></tr></tbody></table>
          <div><div><p>Deep *stars* and _under_</p></div></div>
        </body></html>
        """;

    private readonly ConverterHarness _harness = new();

    [Fact]
    public async Task Html_becomes_markdown_without_scripts_styles_or_head()
    {
        var markdown = await _harness.ConvertAsync("page.html", Page);

        Snapshot.Match(markdown);
        markdown.Should().NotContainAny("alert", "color: red", "Enable JavaScript", "hidden", "Ignored");
        markdown.Should().Contain("````python\ndef f():\n    return \"```\"\n````");
        markdown.Should().Contain("- Two\n  - Two A\n  - Two B");
        markdown.Should().Contain("3. Third\n4. Fourth");
    }

    [Fact]
    public async Task Html_title_becomes_the_heading_when_the_page_has_no_h1()
    {
        var markdown = await _harness.ConvertAsync("page.htm", "<html><head><title> Only &lt;title&gt; </title></head><body><p>Body</p></body></html>");

        markdown.Should().Be("# Only \\<title>\n\nBody");
    }

    [Fact]
    public async Task Html_nested_deeper_than_the_limit_is_a_clean_conversion_error_not_a_stack_overflow()
    {
        var html = string.Concat(Enumerable.Repeat("<div>", 100_000)) + "deep";

        var act = () => _harness.ConvertAsync("deep.html", html);

        await act.Should().ThrowAsync<DocumentConversionException>();
    }

    [Fact]
    public async Task Csv_becomes_a_table_with_quoting_escaping_and_padded_rows()
    {
        var csv = "name,quote,n\r\n\"Doe, Jane\",\"said \"\"hi\"\"\",1\r\nBob,\"two\nlines\",2,extra\r\npipe|cell\r\n";

        var markdown = await _harness.ConvertAsync("people.csv", csv);

        Snapshot.Match(markdown);
        markdown.Split('\n').Should().Equal(
            "| name | quote | n |  |",
            "| --- | --- | --- | --- |",
            "| Doe, Jane | said \"hi\" | 1 |  |",
            "| Bob | two<br>lines | 2 | extra |",
            "| pipe\\|cell |  |  |  |");
    }

    [Fact]
    public async Task Tsv_splits_on_tabs_and_keeps_quotes_as_text()
    {
        var markdown = await _harness.ConvertAsync("data.tsv", "a\tb\n\"x\ty\n");

        markdown.Should().Be("| a | b |\n| --- | --- |\n| \"x | y |");
    }

    [Fact]
    public async Task A_malformed_csv_record_is_a_clean_conversion_error()
    {
        var act = () => _harness.ConvertAsync("bad.csv", "a,b\n\"unterminated,1\nc,d\n");

        (await act.Should().ThrowAsync<DocumentConversionException>()).Which.Message.Should().StartWith("The CSV file has a malformed record at line");
    }

    [Fact]
    public async Task A_csv_record_over_the_parser_limit_is_a_clean_conversion_error()
    {
        var csv = "a,b\n\"" + new string('x', 11 * 1024 * 1024) + "\n";

        var act = () => _harness.ConvertAsync("huge.csv", csv);

        (await act.Should().ThrowAsync<DocumentConversionException>()).Which.Message.Should().Be("The CSV file is corrupt or cannot be read.");
    }

    [Theory]
    [InlineData("wide.csv", ',')]
    [InlineData("wide.tsv", '\t')]
    public async Task A_record_of_more_fields_than_the_bound_is_refused_before_it_is_split(string name, char delimiter)
    {
        // 2 MB: one record of two million empty fields, which the parser would split into as many strings and matches.
        var csv = Encoding.ASCII.GetBytes("a" + delimiter + "b\n" + new string(delimiter, 2_000_000) + "\n");

        var (error, _, allocated) = await ConversionProbe.RunAsync(_harness, name, csv);

        var format = name.EndsWith(".csv", StringComparison.Ordinal) ? "CSV" : "TSV";
        error.Should().BeOfType<DocumentConversionException>().Which.Message.Should().Be($"The {format} file has a record of more than {CsvRecordBudgetReader.MaxFields} fields, too many to convert.");
        allocated.Should().BeLessThan(16 * 1024 * 1024, "the record is refused while it is read, before it is split");
    }

    [Fact]
    public async Task A_record_within_the_field_bound_converts_with_the_cut_note()
    {
        var csv = "a,b\n" + new string(',', CsvRecordBudgetReader.MaxFields - 10_000) + "x\n";

        var markdown = await _harness.ConvertAsync("wide.csv", csv);

        markdown.Should().EndWith($"*Only the first 256 of {CsvRecordBudgetReader.MaxFields - 9_999} columns are shown.*");
    }

    [Fact]
    public async Task An_empty_csv_gives_no_text()
    {
        (await _harness.ConvertAsync("empty.csv", string.Empty)).Should().BeEmpty();
    }

    public void Dispose() => _harness.Dispose();
}
