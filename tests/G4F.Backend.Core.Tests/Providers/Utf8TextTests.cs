using System.Text;
using System.Text.Json;
using G4F.Backend.Providers;

namespace G4F.Backend.Core.Tests.Providers;

/// <summary>A JSON string read as the UTF-8 of its text: the bytes <c>GetString</c> would decode, the same failures.</summary>
public sealed class Utf8TextTests
{
    [Theory]
    [InlineData("\"plain\"")]
    [InlineData("\"caf\u00e9 \U0001F642\"")]
    [InlineData("\"line\\nbreak \\\"quoted\\\" \\\\ \\/ \\t\"")]
    [InlineData("\"\\u00e9 \\u6f22 \\ud83d\\ude42 \\u0000\"")]
    [InlineData("\"\"")]
    public void The_bytes_are_the_text_GetString_reads(string json)
    {
        Read(json).Should().Equal(Encoding.UTF8.GetBytes(GetString(json)));
    }

    [Fact]
    public void A_long_escaped_value_is_unescaped_beyond_the_stack_buffer()
    {
        var text = string.Concat(Enumerable.Repeat("é\n\"🙂", 5000));
        var json = JsonSerializer.Serialize(text);

        Read(json).Should().Equal(Encoding.UTF8.GetBytes(text));
    }

    [Theory]
    [InlineData("\"\\ud800\"")]
    [InlineData("\"lone low \\udc00 surrogate\"")]
    [InlineData("\"\\ud83d then text\"")]
    public void An_unpaired_surrogate_escape_fails_as_GetString_fails(string json)
    {
        var utf8 = () => Read(json);
        var text = () => GetString(json);

        text.Should().Throw<InvalidOperationException>();
        utf8.Should().Throw<InvalidOperationException>();
    }

    [Theory]
    [InlineData("null")]
    [InlineData("12")]
    [InlineData("{\"a\":[1,2]}")]
    public void A_value_that_is_not_a_string_is_skipped_as_null(string json)
    {
        var bytes = Encoding.UTF8.GetBytes("[" + json + ",\"next\"]");
        var reader = new Utf8JsonReader(bytes);
        reader.Read();
        reader.Read();

        Utf8Text.Of(ref reader).Should().BeNull();
        reader.Read().Should().BeTrue();
        reader.GetString().Should().Be("next");
    }

    private static byte[]? Read(string json)
    {
        var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(json));
        reader.Read();
        return Utf8Text.Of(ref reader);
    }

    private static string GetString(string json)
    {
        var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(json));
        reader.Read();
        return reader.GetString()!;
    }
}
