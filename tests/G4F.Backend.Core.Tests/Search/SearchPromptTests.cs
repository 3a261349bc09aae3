using G4F.Backend.Search;
using Snapshooter.Xunit;

namespace G4F.Backend.Core.Tests.Search;

/// <summary>The prompt, blocks and sources text of PROTOCOL 3.8 item 2, worded as the original.</summary>
public sealed class SearchPromptTests
{
    private static readonly WebSearchResult[] Results =
    [
        new("Hello - Example", "https://example.com/hello", "A snippet.", "Hello page text.\nSecond line."),
        new("Other  page", "https://other.org/b?utm_source=feed&x=1", "Only the snippet.", null),
    ];

    [Fact]
    public void The_blocks_are_numbered_from_0_with_page_text_or_snippet_and_separated_by_three_blank_lines()
    {
        SearchPrompt.Blocks(Results).Should().Be(
            "### Title: Hello - Example\n\nHello page text.\nSecond line.\n\n> **Source:** [[0]](https://example.com/hello)"
            + "\n\n\n\n"
            + "### Title: Other  page\n\nOnly the snippet.\n\n> **Source:** [[1]](https://other.org/b?utm_source=feed&x=1)");
    }

    [Fact]
    public void The_prompt_wraps_the_blocks_the_original_instructions_and_the_user_request()
    {
        var prompt = SearchPrompt.Prompt(SearchPrompt.Blocks(Results), SearchPrompt.DefaultInstructions, "What is new?\nBe brief.");

        prompt.Split('\n').MatchSnapshot();
        prompt.Should().EndWith("\n\nUser request:\nWhat is new?\nBe brief.");
        SearchPrompt.HasInstructions(prompt, SearchPrompt.DefaultInstructions).Should().BeTrue("a prompt that holds results is not searched again");
    }

    [Fact]
    public void Empty_instructions_leave_only_the_blocks_and_the_request()
    {
        SearchPrompt.Prompt("### Title: A\n\nx\n\n> **Source:** [[0]](https://a.example)", string.Empty, "Question")
            .Should().Be("### Title: A\n\nx\n\n> **Source:** [[0]](https://a.example)\n\nQuestion");
        SearchPrompt.HasInstructions("Question", string.Empty).Should().BeFalse();
    }

    [Fact]
    public void The_sources_follow_the_protocol_form_without_tracking_parameters()
    {
        SearchPrompt.Sources(Results).Should().Be("\n\n\n\n> [0] [Hello - Example](https://example.com/hello)\n>\n> [1] [Other page](https://other.org/b)");
        SearchPrompt.Sources([]).Should().BeNull();
    }

    [Theory]
    [InlineData("https://example.com/a b(c)", "T", "[T](https://example.com/a%20b%28c%29)")]
    [InlineData("https://example.com/%C3%A4?q=1&r=2#top", "T", "[T](https://example.com/%C3%A4?q=1&r=2#top)")]
    [InlineData("https://example.com", "T", "[T](https://example.com)")]
    [InlineData("https://www.example.com/path?q=1", null, "[example.com/path](https://www.example.com/path?q=1)")]
    [InlineData("https://example.com/x", "A [tricky]\n title", "[A \\[tricky\\] title](https://example.com/x)")]
    public void Source_links_quote_the_path_and_keep_the_title_on_one_line(string url, string? title, string expected) =>
        SourceLink.Format(url, title).Should().Be(expected);

    [Theory]
    [InlineData("https://a.example/p?utm_source=x&b=1", "https://a.example/p")]
    [InlineData("https://a.example/p?a=1&utm_source=x", "https://a.example/p?a=1")]
    [InlineData("https://a.example/p?utm_source=", "https://a.example/p?utm_source=")]
    [InlineData("https://a.example/p?a=1", "https://a.example/p?a=1")]
    public void Only_a_utm_source_parameter_and_what_follows_is_cut(string url, string expected) =>
        SourceLink.WithoutTracking(url).Should().Be(expected);
}
