using G4F.Backend.Memory;

namespace G4F.Backend.Core.Tests.Memory;

/// <summary>The MATCH expression built from user text: quoted words, stars and phrases only.</summary>
public sealed class FtsQueryTests
{
    [Theory]
    [InlineData("berlin", "\"berlin\"")]
    [InlineData("I live in Berlin", "\"I\" OR \"live\" OR \"in\" OR \"Berlin\"")]
    [InlineData("ber*", "\"ber\"*")]
    [InlineData("b*", "\"b\"")]
    [InlineData("ber**", "\"ber\"*")]
    [InlineData("*ber", "\"ber\"")]
    [InlineData("\"live in\" berlin", "\"live in\" OR \"berlin\"")]
    [InlineData("\"live in\"*", "\"live in\"*")]
    [InlineData("\"live in", "\"live in\"")]
    [InlineData("berlin berlin BERLIN", "\"berlin\" OR \"BERLIN\"")]
    [InlineData("\") OR user_id:*", "\"OR user id\"")]
    [InlineData("NEAR(", "\"NEAR\"")]
    [InlineData("a\"b", "\"a\" OR \"b\"")]
    [InlineData("user_token : x", "\"user\" OR \"token\" OR \"x\"")]
    [InlineData("{content} : secret", "\"content\" OR \"secret\"")]
    [InlineData("Müller's café", "\"Müller\" OR \"s\" OR \"café\"")]
    [InlineData("東京 2026", "\"東京\" OR \"2026\"")]
    [InlineData("x\uD800y", "\"x\" OR \"y\"")]
    public void Words_become_quoted_strings_and_only_stars_and_ors_are_added(string text, string expected) =>
        FtsQuery.Build(text).Should().Be(expected);

    [Theory]
    [InlineData("")]
    [InlineData("*")]
    [InlineData("\"\"")]
    [InlineData("\"*\"")]
    [InlineData(" - ( ) : ^ ")]
    public void Text_without_words_has_no_expression(string text) =>
        FtsQuery.Build(text).Should().BeNull();

    [Fact]
    public void Long_text_is_cut_to_the_maximum_number_of_parts()
    {
        var expression = FtsQuery.Build(string.Join(' ', Enumerable.Range(0, 100).Select(i => $"w{i}")));

        expression!.Split(" OR ").Should().HaveCount(FtsQuery.MaxParts);
    }

    [Fact]
    public void A_quote_inside_a_string_is_doubled() =>
        FtsQuery.Quote("a\"b").Should().Be("\"a\"\"b\"");
}
