using G4F.Backend.Search;

namespace G4F.Backend.Core.Tests.Search;

/// <summary>Reading DuckDuckGo's HTML result page.</summary>
public sealed class DuckDuckGoHtmlParserTests
{
    [Fact]
    public void Organic_results_are_read_in_order_with_redirects_decoded_and_ads_duplicates_and_non_pages_skipped()
    {
        var hits = DuckDuckGoHtmlParser.Parse(DuckDuckGoPages.RustAsync, maxResults: 10);

        hits.Should().Equal(
            new WebSearchHit(
                "Asynchronous Programming in Rust",
                "https://rust-lang.github.io/async-book/",
                "Getting Started. Welcome to Asynchronous Programming in Rust! If you're looking to start writing asynchronous Rust code, you've come to the right place."),
            new WebSearchHit(
                "Tutorial | Tokio - An asynchronous Rust runtime",
                "https://tokio.rs/tokio/tutorial?lang=en&v=1",
                "Tokio is an asynchronous runtime for the Rust programming language & more."),
            new WebSearchHit(
                "async - Rust",
                "https://doc.rust-lang.org/std/keyword.async.html",
                "Use async in front of fn, closure, or a block to turn the marked code into a Future."));
    }

    [Fact]
    public void At_most_the_asked_number_of_results_is_returned()
    {
        DuckDuckGoHtmlParser.Parse(DuckDuckGoPages.RustAsync, maxResults: 2).Select(h => h.Url)
            .Should().Equal("https://rust-lang.github.io/async-book/", "https://tokio.rs/tokio/tutorial?lang=en&v=1");
    }

    [Fact]
    public void The_no_results_notice_is_no_result_and_not_a_bot_check()
    {
        DuckDuckGoHtmlParser.Parse(DuckDuckGoPages.NoResults, 5).Should().BeEmpty();
        DuckDuckGoHtmlParser.IsBotCheck(DuckDuckGoPages.NoResults).Should().BeFalse();
        DuckDuckGoHtmlParser.IsBotCheck(DuckDuckGoPages.BotCheck).Should().BeTrue();
    }

    [Theory]
    [InlineData("//duckduckgo.com/l/?uddg=https%3A%2F%2Fexample.com%2Fa%20b%3Fx%3D1&rut=9", "https://example.com/a b?x=1")]
    [InlineData("/l/?uddg=http%3A%2F%2Fexample.org%2F", "http://example.org/")]
    [InlineData("https://example.net/direct", "https://example.net/direct")]
    [InlineData("https://duckduckgo.com/y.js?ad_domain=x&u3=https%3A%2F%2Fbing.com", null)]
    [InlineData("//duckduckgo.com/l/?rut=9", null)]
    [InlineData("//duckduckgo.com/l/?uddg=https%3A%2F%2Fduckduckgo.com%2Fy.js", null)]
    [InlineData("//duckduckgo.com/l/?uddg=javascript%3Aalert(1)", null)]
    [InlineData("mailto:someone@example.com", null)]
    [InlineData("", null)]
    public void Result_links_lead_to_their_target_page_or_nowhere(string href, string? expected) =>
        DuckDuckGoHtmlParser.TargetUrl(href).Should().Be(expected);
}
