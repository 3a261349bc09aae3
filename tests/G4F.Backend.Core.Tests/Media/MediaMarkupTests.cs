using G4F.Backend.Media;

namespace G4F.Backend.Core.Tests.Media;

/// <summary>The media renderings of PROTOCOL 3.5, and that no URL or alt text can leave its element.</summary>
public sealed class MediaMarkupTests
{
    [Fact]
    public void Provider_events_carry_their_urls_alt_and_rendering()
    {
        var images = MediaEvents.Images(["https://img.example/a.png"], "a fox");
        var videos = MediaEvents.Videos(["https://v.example/a.mp4", "https://v.example/b.mp4"], "runs");
        var audio = MediaEvents.Audio("https://a.example/a.mp3");

        (images.Content, images.Alt).Should().Be(("[![a fox](https://img.example/a.png)](https://img.example/a.png)", "a fox"));
        images.Urls.Should().Equal("https://img.example/a.png");
        videos.Content.Should().Be("<video src=\"https://v.example/a.mp4\"></video>\n<video src=\"https://v.example/b.mp4\"></video>");
        MediaEvents.IsVideo(videos).Should().BeTrue();
        MediaEvents.IsVideo(images).Should().BeFalse();
        (audio.Content, audio.Data, audio.Urls).Should().Be(("<audio controls src=\"https://a.example/a.mp3\"></audio>", "https://a.example/a.mp3", null));
        MediaEvents.IsAudio(audio).Should().BeTrue();
    }

    [Fact]
    public void Markdown_alt_and_targets_cannot_break_the_image_syntax()
    {
        var markdown = MediaMarkup.ImageMarkdown(["https://img.example/a (1).png"], "a [fox]\n  in   snow");

        markdown.Should().Be(@"[![a \[fox\] in snow](https://img.example/a%20%281%29.png)](https://img.example/a%20%281%29.png)");
    }

    [Fact]
    public void Html_attributes_are_escaped()
    {
        var html = MediaMarkup.ImageAnchors([("https://x.example/a.png?a=1&b=\"2\"", "/thumbnail/a.png")], "<b>fox</b> & 'cub'", new ImageSize(4, 3));

        html.Should().Be("<a href=\"https://x.example/a.png?a=1&amp;b=&quot;2&quot;\" data-src=\"https://x.example/a.png?a=1&amp;b=&quot;2&quot;\" data-width=\"4\" data-height=\"3\" data-source=\"\">"
            + "<img src=\"/thumbnail/a.png\" alt=\"&lt;b&gt;fox&lt;/b&gt; &amp; &#x27;cub&#x27;\" width=\"\" height=\"\"></a>");
        MediaMarkup.Videos(["https://v.example/\"><script>"]).Should().Be("<video src=\"https://v.example/&quot;&gt;&lt;script&gt;\"></video>");
    }

    [Theory]
    [InlineData("https://img.example.com/a.jpg", "https%3A//img.example.com/a.jpg")]
    [InlineData("https://x.example/gen?id=1&sig=a+b", "https%3A//x.example/gen%3Fid%3D1%26sig%3Da%2Bb")]
    [InlineData("https://x.example/ä ~_.-", "https%3A//x.example/%C3%A4%20~_.-")]
    public void A_source_is_quoted_as_python_quote_with_the_slash_kept(string source, string quoted) =>
        MediaUrls.QuoteSource(source).Should().Be(quoted);

    [Fact]
    public void Local_urls_escape_non_ascii_names_and_keep_plus_and_comma_readable() =>
        MediaUrls.Local("/g4f", "media", "1_flux+füchse,2_0123456789abcdef.png", "https://x/a.png")
            .Should().Be("/g4f/media/1_flux+f%C3%BCchse,2_0123456789abcdef.png?url=https%3A//x/a.png");

    [Theory]
    [InlineData("/media/1_f%C3%BCchse_0123456789abcdef.png?url=https%3A//x/a.png", "", "1_füchse_0123456789abcdef.png")]
    [InlineData("/g4f/media/1_fox_0123456789abcdef.png", "/g4f", "1_fox_0123456789abcdef.png")]
    [InlineData("/media/1_fox_0123456789abcdef.png", "/g4f", null)]
    [InlineData("https://x.example/media/a.png", "", null)]
    [InlineData("/thumbnail/a.png", "", null)]
    [InlineData("/media/", "", null)]
    [InlineData("/media/a/b.png", "", null)]
    public void The_stored_name_is_read_back_from_a_local_media_url(string url, string mediaBase, string? name) =>
        MediaUrls.NameOf(url, mediaBase).Should().Be(name);
}
