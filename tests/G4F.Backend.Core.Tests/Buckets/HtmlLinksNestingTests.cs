using System.Text;
using G4F.Backend.Buckets;
using Xunit.Abstractions;

namespace G4F.Backend.Core.Tests.Buckets;

/// <summary>
/// The link follower of <c>downloads.json</c> keeps the HTML converter's limits: a page nested deeper than its cap gives no
/// links (it overflowed the stack before), and only part of its tag budget is parsed.
/// </summary>
public sealed class HtmlLinksNestingTests(ITestOutputHelper output)
{
    [Fact]
    public async Task A_page_nested_deeper_than_the_converter_allows_gives_no_links_and_no_crash()
    {
        // 2 MiB of open <div>s: about 400,000 levels, with a link at the bottom.
        var depth = (HtmlLinks.MaxParsedBytes - 64) / 5;
        var page = new StringBuilder().Insert(0, "<div>", depth).Append("<a href=\"/deep\">d</a>").ToString();
        using var html = new MemoryStream(Encoding.UTF8.GetBytes(page));

        var links = await HtmlLinks.ReadAsync(html, new Uri("https://example.com/"), 10, CancellationToken.None);

        links.Should().BeEmpty();
    }

    [Fact]
    public async Task A_page_nested_within_the_cap_still_gives_its_links()
    {
        var page = new StringBuilder().Insert(0, "<div>", 200).Append("<a href=\"/deep\">d</a>").ToString();
        using var html = new MemoryStream(Encoding.UTF8.GetBytes(page));

        (await HtmlLinks.ReadAsync(html, new Uri("https://example.com/"), 10, CancellationToken.None)).Should().Equal("https://example.com/deep");
    }

    [Fact]
    public async Task A_page_of_300000_sibling_elements_costs_a_bounded_tree()
    {
        // 2 MiB of "<b></b>" made HtmlAgilityPack allocate 286 MiB before the tag budget.
        var page = new StringBuilder().Insert(0, "<b></b>", (HtmlLinks.MaxParsedBytes - 64) / 7).ToString();
        using var html = new MemoryStream(Encoding.UTF8.GetBytes(page));
        var before = GC.GetAllocatedBytesForCurrentThread();

        var links = await HtmlLinks.ReadAsync(html, new Uri("https://example.com/"), 10, CancellationToken.None);

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        output.WriteLine($"allocated {allocated / (1024 * 1024)} MiB");
        links.Should().BeEmpty();
        allocated.Should().BeLessThan(64L * 1024 * 1024);
    }
}
