using G4F.Backend.Storage;

namespace G4F.Backend.Core.Tests.Storage;

public sealed class SafeNameTests
{
    [Theory]
    [InlineData("0b6f1d2e-8a7c-4f59-9d61-5a0f3c2b1e77", "0b6f1d2e-8a7c-4f59-9d61-5a0f3c2b1e77")]
    [InlineData("My Report (final).pdf", "My_Report_final_.pdf")]
    [InlineData("  report.pdf  ", "report.pdf")]
    [InlineData("résumé.docx", "résumé.docx")]
    [InlineData("a%20b.txt", "a_b.txt")]
    [InlineData("a%2520b.txt", "a_20b.txt")]
    [InlineData("notes,v2+final.md", "notes,v2+final.md")]
    [InlineData("../../etc/passwd", "etc_passwd")]
    [InlineData("..\\..\\windows\\win.ini", "windows_win.ini")]
    [InlineData("%2e%2e%2f%2e%2e%2fsecret", "secret")]
    [InlineData("a\0b", "a_b")]
    [InlineData("/abs/path.txt", "abs_path.txt")]
    [InlineData("a+b c.txt", "a+b_c.txt")] // "+" is not a space: the original's unquote leaves it
    [InlineData("%ZZ.txt", "ZZ.txt")] // a broken escape stays as it is, its "%" becomes "_" and is stripped
    [InlineData("%C3.txt", "txt")] // half a UTF-8 character decodes to U+FFFD
    [InlineData("e\u0301t\u00e9.txt", "e_t\u00e9.txt")] // combining marks are not word characters, precomposed letters are
    [InlineData("\uFF0E\uFF0E\uFF0Fetc", "etc")] // full-width dots and slash look like "../" and are punctuation
    [InlineData("a\u200Bb", "a_b")] // a zero-width space
    [InlineData("\u00B2\u2160.txt", "\u00B2\u2160.txt")] // other numbers and letter numbers are kept
    [InlineData("%252e%252e", "2e_2e")]
    [InlineData("a%2Fb", "a_b")]
    public void Ordinary_and_hostile_names_map_like_the_original(string input, string expected) =>
        SafeName.Sanitize(input).Should().Be(expected);

    [Theory]
    [InlineData("_")]
    [InlineData("..")]
    [InlineData("---")]
    [InlineData("%2e%2e")]
    [InlineData("\u2024\u2024")] // one-dot leaders, a look-alike of ".."
    [InlineData("\u0000")]
    [InlineData("   ")]
    [InlineData("")]
    [InlineData(null)]
    public void Names_with_nothing_left_are_rejected(string? input) =>
        SafeName.TrySanitize(input, out _).Should().BeFalse();

    [Fact]
    public void Long_names_are_cut_to_100_bytes_without_splitting_a_character()
    {
        var name = SafeName.Sanitize(new string('é', 80));

        System.Text.Encoding.UTF8.GetByteCount(name).Should().Be(100);
        name.Should().Be(new string('é', 50));
    }

    [Fact]
    public void A_300_character_name_is_cut_to_100_characters()
    {
        SafeName.Sanitize(new string('x', 300) + ".txt").Should().Be(new string('x', 100));
    }
}
