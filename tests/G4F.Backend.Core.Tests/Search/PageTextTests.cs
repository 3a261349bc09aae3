using G4F.Backend.Search;

namespace G4F.Backend.Core.Tests.Search;

/// <summary>The readable text of a result page.</summary>
public sealed class PageTextTests
{
    [Fact]
    public void Navigation_headers_footers_asides_forms_and_scripts_are_dropped_and_main_is_preferred()
    {
        const string html = """
            <html><head><title>T</title><style>p { color: red }</style><script>var x = 1;</script></head>
            <body>
              <header><a href="/">Home</a> <a href="/blog">Blog</a></header>
              <nav><ul><li>Menu one</li><li>Menu two</li></ul></nav>
              <p>Outside main.</p>
              <main>
                <h1>The   <em>real</em> title</h1>
                <p>First paragraph with <a href="/x">a link</a> and <b>bold</b> text.</p>
                <aside>Related posts</aside>
                <ul><li>Point one</li><li>Point two</li></ul>
                <form><label>Subscribe</label><input name="mail"></form>
                <p>Line one<br>Line two</p>
                <p>First paragraph with <a href="/x">a link</a> and <b>bold</b> text.</p>
                <noscript>Enable JavaScript</noscript>
              </main>
              <footer>Copyright 2026</footer>
            </body></html>
            """;

        PageText.FromHtml(html, 1000).ToString().Should().Be(
            "The real title\nFirst paragraph with a link and bold text.\nPoint one\nPoint two\nLine one\nLine two");
    }

    [Fact]
    public void Article_is_used_without_main_and_the_body_when_main_holds_no_text()
    {
        PageText.FromHtml("<body><p>Teaser</p><article><p>Story &amp; more</p></article></body>", 100).ToString().Should().Be("Story & more");
        PageText.FromHtml("<body><main><div id=app></div></main><div>Server text</div></body>", 100).ToString().Should().Be("Server text");
    }

    [Fact]
    public void Words_are_capped_and_taken_with_their_line_breaks()
    {
        var text = PageText.FromHtml("<p>one two three</p><p>four five six</p><p>seven</p>", 5);

        text.WordCount.Should().Be(5);
        text.ToString().Should().Be("one two three\nfour five");
        text.Take(4).Should().Be("one two three\nfour");
        text.Take(0).Should().BeEmpty();
    }

    [Fact]
    public void A_deeply_nested_page_does_not_overflow_the_stack()
    {
        var html = string.Concat(Enumerable.Repeat("<span>", 200)) + "deep text" + string.Concat(Enumerable.Repeat("</span>", 200));

        PageText.FromHtml(html, 10).ToString().Should().Be("deep text");
    }

    [Fact]
    public void Plain_text_keeps_its_lines_without_blank_or_repeated_ones() =>
        PageText.FromPlainText("a  b\n\n c \na  b\nd", 10).ToString().Should().Be("a b\nc\nd");
}
