using System.Text;
using G4F.Backend.Documents;

namespace G4F.Backend.Core.Tests.Documents;

/// <summary>
/// Uploaded text in other encodings than UTF-8: a byte-order mark, a declared charset, an HTML <c>&lt;meta&gt;</c>, and
/// the Windows-1252 fallback for bytes that are not UTF-8 (what older Windows programs save).
/// </summary>
public sealed class EncodingTests : IDisposable
{
    private static readonly Encoding Windows1252 = CodePagesEncodingProvider.Instance.GetEncoding(1252)!;

    private readonly ConverterHarness _harness = new();

    [Theory]
    [InlineData("<meta charset=\"windows-1252\">")]
    [InlineData("<meta charset=windows-1252 />")]
    [InlineData("<META HTTP-EQUIV=\"Content-Type\" CONTENT=\"text/html; charset=ISO-8859-1\">")]
    [InlineData("<meta content='text/html;charset=latin1' http-equiv='content-type'>")]
    [InlineData("")] // nothing declared, and the bytes are not UTF-8
    public async Task Html_in_windows_1252_is_decoded_by_its_meta_or_by_the_fallback(string meta)
    {
        var page = Windows1252.GetBytes($"<html><head>{meta}<title>x</title></head><body><h1>Café crème</h1><p>€ 5 – naïve</p></body></html>");

        var markdown = await _harness.ConvertAsync("page.html", page);

        markdown.Should().Be("# Café crème\n\n€ 5 – naïve");
    }

    [Fact]
    public async Task Html_meta_names_an_encoding_other_than_latin()
    {
        var page = Encoding.Latin1.GetBytes("<html><head><meta charset=\"koi8-r\"></head><body><p>")
            .Concat(CodePagesEncodingProvider.Instance.GetEncoding("koi8-r")!.GetBytes("Привет, мир"))
            .Concat(Encoding.Latin1.GetBytes("</p></body></html>")).ToArray();

        (await _harness.ConvertAsync("page.html", page)).Should().Be("Привет, мир");
    }

    [Fact]
    public async Task The_declared_charset_of_the_upload_wins_over_the_meta()
    {
        var page = Windows1252.GetBytes("<html><head><meta charset=\"utf-8\"></head><body><p>Grüße</p></body></html>");

        (await _harness.ConvertAsync("page.html", page, "text/html; charset=windows-1252")).Should().Be("Grüße");
    }

    [Fact]
    public async Task A_byte_order_mark_wins_over_the_meta()
    {
        var page = Encoding.Unicode.GetPreamble().Concat(Encoding.Unicode.GetBytes("<html><head><meta charset=\"windows-1252\"></head><body><p>Grüße ✓</p></body></html>")).ToArray();

        (await _harness.ConvertAsync("page.html", page)).Should().Be("Grüße ✓");
    }

    [Fact]
    public async Task A_meta_inside_a_comment_or_beyond_the_scanned_start_is_ignored()
    {
        var commented = Encoding.UTF8.GetBytes("<html><head><!-- <meta charset=\"windows-1252\"> --></head><body><p>Grüße</p></body></html>");
        var late = Encoding.UTF8.GetBytes($"<html><head><style>{new string(' ', DocumentEncoding.MetaScanBytes)}</style><meta charset=\"windows-1252\"></head><body><p>Grüße</p></body></html>");

        (await _harness.ConvertAsync("page.html", commented)).Should().Be("Grüße", "the page is UTF-8 and says nothing else outside comments");
        (await _harness.ConvertAsync("page.html", late)).Should().Be("Grüße");
    }

    [Fact]
    public async Task A_meta_declaring_utf_16_in_ascii_bytes_means_utf_8()
    {
        var page = Encoding.UTF8.GetBytes("<html><head><meta charset=\"utf-16\"></head><body><p>Grüße</p></body></html>");

        (await _harness.ConvertAsync("page.html", page)).Should().Be("Grüße");
    }

    [Fact]
    public async Task Plain_text_that_is_not_utf_8_falls_back_to_windows_1252()
    {
        var text = Windows1252.GetBytes("Résumé: “quotes” — 20 €\n");

        (await _harness.ConvertAsync("notes.txt", text)).Should().Be("Résumé: “quotes” — 20 €\n");
    }

    [Fact]
    public async Task Utf_8_with_one_damaged_byte_stays_utf_8()
    {
        var text = Encoding.UTF8.GetBytes("Grüße aus Köln, schöne Größe\n").Concat(new byte[] { 0xFF }).Concat(Encoding.UTF8.GetBytes(" und Tschüss")).ToArray();

        (await _harness.ConvertAsync("notes.txt", text)).Should().Be("Grüße aus Köln, schöne Größe\n\uFFFD und Tschüss");
    }

    [Fact]
    public async Task A_character_split_across_read_buffers_is_still_utf_8()
    {
        // The scan reads 64 KiB at a time: put a three-byte character across that boundary, and no other non-ASCII.
        var text = new string('a', (64 * 1024) - 1) + "€" + "b";

        (await _harness.ConvertAsync("long.txt", Encoding.UTF8.GetBytes(text))).Should().Be(text);
    }

    [Fact]
    public async Task A_declared_charset_decodes_plain_text()
    {
        var text = CodePagesEncodingProvider.Instance.GetEncoding("iso-8859-15")!.GetBytes("Prix: 20 € (Œuvre)");

        (await _harness.ConvertAsync("prix.txt", text, "text/plain; charset=ISO-8859-15")).Should().Be("Prix: 20 € (Œuvre)");
    }

    [Fact]
    public async Task An_unknown_or_utf_7_charset_is_ignored()
    {
        (await _harness.ConvertAsync("a.txt", Encoding.UTF8.GetBytes("+AGEAYgBj- Grüße"), "text/plain; charset=utf-7")).Should().Be("+AGEAYgBj- Grüße");
        (await _harness.ConvertAsync("b.txt", Encoding.UTF8.GetBytes("Grüße"), "text/plain; charset=no-such-thing")).Should().Be("Grüße");
    }

    [Fact]
    public async Task A_csv_in_windows_1252_is_decoded_by_the_fallback()
    {
        var csv = Windows1252.GetBytes("Name,Stadt\nJosé,Málaga\n");

        (await _harness.ConvertAsync("people.csv", csv)).Should().Be("| Name | Stadt |\n| --- | --- |\n| José | Málaga |");
    }

    [Theory]
    [InlineData("\n")]
    [InlineData("\r\n")]
    public async Task Ascii_and_utf_8_files_are_unchanged(string newline)
    {
        var text = $"plain ascii{newline}and ✓ utf-8 {newline}";

        (await _harness.ConvertAsync("a.txt", Encoding.UTF8.GetBytes(text))).Should().Be(text);
    }

    public void Dispose() => _harness.Dispose();
}
