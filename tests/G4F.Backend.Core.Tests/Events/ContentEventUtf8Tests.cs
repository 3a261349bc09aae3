using System.Buffers;
using System.Text;
using System.Text.Json;
using G4F.Backend.Events;

namespace G4F.Backend.Core.Tests.Events;

/// <summary>
/// A content delta kept as the UTF-8 it came in: written to the stream byte for byte as the source-generated metadata
/// writes the same text as a string (same escaping), and read as a string when anyone asks.
/// </summary>
public sealed class ContentEventUtf8Tests
{
    public static TheoryData<string> Texts() =>
    [
        "plain ascii",
        "",
        "quote \" backslash \\ slash / tab \t newline \n cr \r nul \0 bell \a del \u007f",
        "html <b>&amp;</b> 'single' `tick` +plus =equals",
        "latin café ñ ü ß, greek αβγ, cyrillic жук, cjk 漢字, arabic مرحبا",
        "emoji 🙂👍🏽 and a flag 🇩🇪 and a family 👨‍👩‍👧",
        "separators \u2028 \u2029 nbsp \u00a0 zwsp \u200b bom \ufeff soft hyphen \u00ad",
        "specials \ufffd \uffff private \ue000 unassigned \u0378 combining e\u0301",
        "supplementary 𝄞 𐍈 \U0001F9EA plane 15 \U000F0000",
        new string('x', 5000) + "ü" + new string('\n', 300),
    ];

    [Theory]
    [MemberData(nameof(Texts))]
    public void A_delta_from_utf8_is_written_as_its_string_form_would_be(string text)
    {
        var fromUtf8 = new ContentEvent(Encoding.UTF8.GetBytes(text));

        Write(fromUtf8).Should().Equal(WriteThroughMetadata(new ContentEvent(text)));
        Write(new ContentEvent(text)).Should().Equal(WriteThroughMetadata(new ContentEvent(text)));
    }

    [Fact]
    public void Random_text_from_every_plane_is_written_as_its_string_form_would_be()
    {
        var random = new Random(20261206);
        for (var round = 0; round < 2000; round++)
        {
            var text = new StringBuilder();
            for (var i = random.Next(1, 40); i > 0; i--)
            {
                // Mostly BMP (surrogate code points skipped), sometimes beyond; any code point, assigned or not.
                var value = random.Next(10) switch
                {
                    < 4 => random.Next(0, 0x80),
                    < 8 => random.Next(0x80, 0xD800),
                    8 => random.Next(0xE000, 0x10000),
                    _ => random.Next(0x10000, 0x110000),
                };
                text.Append(char.ConvertFromUtf32(value));
            }

            var expected = WriteThroughMetadata(new ContentEvent(text.ToString()));
            Write(new ContentEvent(Encoding.UTF8.GetBytes(text.ToString()))).Should().Equal(expected, "for {0}", text.ToString());
        }
    }

    [Fact]
    public void The_string_is_made_from_the_utf8_and_equals_an_event_made_from_it()
    {
        var fromUtf8 = new ContentEvent(Encoding.UTF8.GetBytes("café 🙂"));

        fromUtf8.Content.Should().Be("café 🙂");
        fromUtf8.Should().Be(new ContentEvent("café 🙂"));
        fromUtf8.GetHashCode().Should().Be(new ContentEvent("café 🙂").GetHashCode());
        fromUtf8.Should().NotBe(new ContentEvent("cafe 🙂"));
        fromUtf8.Utf8Length.Should().Be(Encoding.UTF8.GetByteCount("café 🙂"));
    }

    [Fact]
    public void Replacing_the_text_of_a_utf8_delta_drops_its_bytes()
    {
        var changed = new ContentEvent(Encoding.UTF8.GetBytes("old")) with { Content = "new" };

        changed.TryGetUtf8(out _).Should().BeFalse();
        ResponseEventSerializer.SerializeToString(changed).Should().Be("""{"type":"content","content":"new"}""");
        changed.Utf8Length.Should().Be(3);
    }

    [Theory]
    [InlineData("ends in a tick`", '`')]
    [InlineData("é", 'é')]
    [InlineData("a🙂", '\uDE42')]
    public void The_last_char_of_utf8_is_the_strings_last_char(string text, char last)
    {
        new ContentEvent(Encoding.UTF8.GetBytes(text)).TryGetLastChar(out var fromUtf8).Should().BeTrue();
        new ContentEvent(text).TryGetLastChar(out var fromString).Should().BeTrue();

        fromUtf8.Should().Be(last);
        fromString.Should().Be(last);
        text[^1].Should().Be(last);
    }

    [Fact]
    public void Contains_looks_into_the_bytes_without_a_string()
    {
        new ContentEvent("a<b"u8.ToArray()).Contains('<').Should().BeTrue();
        new ContentEvent("ab 漢"u8.ToArray()).Contains('<').Should().BeFalse();
        new ContentEvent(Array.Empty<byte>()).TryGetLastChar(out _).Should().BeFalse();
    }

    [Fact]
    public void A_media_block_and_a_null_text_still_go_through_the_metadata()
    {
        var media = new ContentEvent("<img>") { Urls = ["/media/a.png"], Alt = "a" };
        var nullText = new ContentEvent((string)null!);

        ResponseEventSerializer.SerializeToString(media).Should().Be(Encoding.UTF8.GetString(WriteThroughMetadata(media)));
        ResponseEventSerializer.SerializeToString(nullText).Should().Be("""{"type":"content"}""");
    }

    [Theory]
    [InlineData("plain")]
    [InlineData("quotes \" and <tags> & 'apostrophes'")]
    [InlineData("café 漢字 🙂")]
    [InlineData("\t\n\u0001 back\\slash")]
    public void The_text_alone_is_written_from_the_utf8_as_the_string_would_be(string text)
    {
        static (bool Written, string Json, bool Materialized) WriteText(ContentEvent contentEvent)
        {
            var buffer = new ArrayBufferWriter<byte>();
            bool written;
            using (var json = new Utf8JsonWriter(buffer))
            {
                written = ResponseEventSerializer.TryWriteText(json, contentEvent);
            }

            return (written, Encoding.UTF8.GetString(buffer.WrittenSpan), !contentEvent.TryGetUtf8(out _));
        }

        var fromUtf8 = WriteText(new ContentEvent(Encoding.UTF8.GetBytes(text)));
        var fromString = WriteText(new ContentEvent(text));

        fromUtf8.Should().Be((true, JsonSerializer.Serialize(text), false), "the UTF-8 is escaped as the string and no string is made");
        fromString.Should().Be((true, JsonSerializer.Serialize(text), true));
        WriteText(new ContentEvent((string)null!)).Should().Be((false, string.Empty, true));
    }

    private static byte[] Write(ContentEvent contentEvent)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using var json = ResponseEventSerializer.CreateWriter(buffer);
        ResponseEventSerializer.Serialize(json, contentEvent);
        return buffer.WrittenSpan.ToArray();
    }

    // What every content event went through before the fast path: the source-generated metadata, same writer options.
    private static byte[] WriteThroughMetadata(ContentEvent contentEvent)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var json = ResponseEventSerializer.CreateWriter(buffer))
        {
            JsonSerializer.Serialize(json, contentEvent, G4FJsonContext.Default.ContentEvent);
        }

        return buffer.WrittenSpan.ToArray();
    }
}
