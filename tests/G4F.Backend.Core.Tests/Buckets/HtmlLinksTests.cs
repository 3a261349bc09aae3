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
    public async Task A_cancelled_read_stops()
    {
        using var html = new MemoryStream("<a href=\"/x\">x</a>"u8.ToArray());
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        var act = () => HtmlLinks.ReadAsync(html, new Uri("https://example.com/"), 10, cancelled.Token);

        await act.Should().ThrowAsync<OperationCanceledException>();
    }
}
