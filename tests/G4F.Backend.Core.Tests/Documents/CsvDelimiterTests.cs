using G4F.Backend.Documents;

namespace G4F.Backend.Core.Tests.Documents;

/// <summary>CSV files whose fields are not separated by commas, as spreadsheet programs in many locales write them.</summary>
public sealed class CsvDelimiterTests : IDisposable
{
    private readonly ConverterHarness _harness = new();

    [Theory]
    [InlineData("name,price,qty\napple,\"1,5\",3\npear,2,4\n", ',')]
    [InlineData("name;price;qty\napple;1,5;3\npear;2,25;4\n", ';')] // decimal commas in every data row
    [InlineData("name\tprice\tqty\napple\t1.5\t3\n", '\t')]
    [InlineData("name|price|qty\napple|1.5|3\n", '|')]
    [InlineData("a,b;c\n1,2;3\n4,5;6\n", ',')] // a tie goes to the delimiter making more fields, then to the comma
    [InlineData("\"x;y;z\",b\n\"1;2;3\",c\n", ',')] // delimiters inside quotes do not count
    [InlineData("one column\nsecond row\n", ',')]
    [InlineData("", ',')]
    public void The_delimiter_is_the_one_that_splits_the_records_consistently(string sample, char expected) =>
        CsvDelimiter.Sniff(sample, complete: true).Should().Be(expected);

    [Fact]
    public void A_cut_last_line_of_the_sample_is_not_compared()
    {
        // Two full records with two semicolons, then a cut line full of commas.
        CsvDelimiter.Sniff("a;b;c\n1;2;3\nx,y,z,w,v,u", complete: false).Should().Be(';');
    }

    [Fact]
    public async Task A_semicolon_csv_becomes_a_table_with_its_decimal_commas_kept()
    {
        var markdown = await _harness.ConvertAsync("prices.csv", "Artikel;Preis;Menge\r\nÄpfel;1,50;3\r\n\"Birnen; lose\";2,25;4\r\n");

        markdown.Should().Be("| Artikel | Preis | Menge |\n| --- | --- | --- |\n| Äpfel | 1,50 | 3 |\n| Birnen; lose | 2,25 | 4 |");
    }

    [Fact]
    public async Task A_tab_separated_file_named_csv_is_split_on_tabs()
    {
        var markdown = await _harness.ConvertAsync("export.csv", "a\tb\n\"1, 2\"\t3\n");

        markdown.Should().Be("| a | b |\n| --- | --- |\n| 1, 2 | 3 |");
    }

    [Fact]
    public async Task A_tsv_is_always_split_on_tabs()
    {
        var markdown = await _harness.ConvertAsync("data.tsv", "a,b\tc\n1,2\t3\n");

        markdown.Should().Be("| a,b | c |\n| --- | --- |\n| 1,2 | 3 |");
    }

    public void Dispose() => _harness.Dispose();
}
