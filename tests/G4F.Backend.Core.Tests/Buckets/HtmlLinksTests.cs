using System.Text;
using G4F.Backend.Buckets;

namespace G4F.Backend.Core.Tests.Buckets;

/// <summary>Links are read only from the start of a page, so a huge page cannot cost a huge DOM.</summary>
public sealed class HtmlLinksTests
{
    [Fact]
    public async Task Only_links_in_the_first_two_mebibytes_are_read()
    {
        var page = $"<a href=\"/early\">e</a><p>{new string('x', HtmlLinks.MaxParsedBytes)}</p><a href=\"/late\">l</a>";
        using var html = new MemoryStream(Encoding.UTF8.GetBytes(page));

        var links = await HtmlLinks.ReadAsync(html, new Uri("https://example.com/a/"), 10, CancellationToken.None);

        links.Should().Equal("https://example.com/early");
    }

    [Fact]
    public async Task Only_links_before_the_attribute_budget_is_spent_are_read()
    {
        // 1.2 MB, within the bytes read: one tag of 600,000 attributes (about 80 MB of tree), of which a quarter of the
        // converter's attribute budget (125,000, about 16 MB) are parsed.
        var attributes = new StringBuilder().Insert(0, "a ", 600_000);
        var page = $"<a href=\"/early\">e</a><p {attributes}><a href=\"/late\">l</a>";
        using var html = new MemoryStream(Encoding.UTF8.GetBytes(page));

        var before = GC.GetAllocatedBytesForCurrentThread();
        var links = await HtmlLinks.ReadAsync(html, new Uri("https://example.com/a/"), 10, CancellationToken.None);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        links.Should().Equal("https://example.com/early");
        allocated.Should().BeLessThan(40 * 1024 * 1024, "the page is cut at the attribute over the budget, not parsed whole");
    }

    [Fact]
    public async Task A_cancelled_read_stops()
    {
        using var html = new MemoryStream("<a href=\"/x\">x</a>"u8.ToArray());
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        var act = () => HtmlLinks.ReadAsync(html, new Uri("https://example.com/"), 10, cancelled.Token);

        await act.Should().ThrowAsync<OperationCanceledException>();
    }
}
