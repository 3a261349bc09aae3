using System.Text;
using G4F.Backend.Buckets;
using G4F.Backend.Storage;

namespace G4F.Backend.Core.Tests.Buckets;

/// <summary>Names of downloaded pages: <c>&lt;host&gt;+&lt;path with _&gt;+&lt;hash&gt;.md</c>, always a valid sanitised name.</summary>
public sealed class PageNamesTests
{
    [Theory]
    [InlineData("https://example.com/docs/guide/intro.html", "^example\\.com\\+docs_guide_intro\\.html\\+[a-z2-7]{24}\\.md$")]
    [InlineData("https://example.com/", "^example\\.com\\+[a-z2-7]{24}\\.md$")]
    [InlineData("https://example.com/%2e%2e/%2e%2e/etc/passwd", "^example\\.com\\+[^/\\\\]*\\+[a-z2-7]{24}\\.md$")]
    public void Names_follow_the_originals_pattern(string url, string pattern)
    {
        var name = PageNames.MarkdownName(new Uri(url));

        name.Should().MatchRegex(pattern);
        SafeName.Sanitize(name).Should().Be(name);
    }

    [Fact]
    public void A_long_path_is_cut_before_the_hash_and_different_urls_never_share_a_name()
    {
        var longPath = "https://example.com/" + string.Concat(Enumerable.Repeat("ünïcode-segment/", 20));

        var first = PageNames.MarkdownName(new Uri(longPath + "1"));
        var second = PageNames.MarkdownName(new Uri(longPath + "2"));

        Encoding.UTF8.GetByteCount(first).Should().BeLessThanOrEqualTo(100);
        SafeName.Sanitize(first).Should().Be(first);
        first.Should().NotBe(second);
        first.Should().MatchRegex("\\+[a-z2-7]{24}\\.md$");
    }
}
