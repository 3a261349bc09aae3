using System.Text;
using G4F.Backend.Documents;
using UglyToad.PdfPig;
using UglyToad.PdfPig.Content;

namespace G4F.Backend.Core.Tests.Documents;

/// <summary>
/// The content-stream interpreter against PdfPig's own operator parsing and text showing on the same page: every
/// glyph with the same text at the same place, for each token form and text operator, forms, inline images and
/// marked content; and its limits on hostile content.
/// </summary>
public sealed class PdfTextInterpreterTests
{
    public static TheoryData<string, string> Contents => new()
    {
        { "literal strings: escapes, nesting, octal, a line continuation", "BT /F1 12 Tf 72 700 Td (Hello \\(world\\) (nested) \\\\ \\101\\102\\7 tab\\tend) Tj (split \\\nline) Tj ET" },
        { "hex strings: spaces, lower case, an odd last digit", "BT /F1 12 Tf 72 700 Td <48 65 6c6C 6F> Tj <41424> Tj ET" },
        { "TJ: kerning numbers between literal and hex strings", "BT /F1 12 Tf 72 700 Td [(W) 120 (orld) -500 <2021> 33.5 (x)] TJ ET" },
        { "line operators and leading", "BT /F1 10 Tf 14 TL 72 700 Td (one) Tj T* (two) Tj (three) ' 3 1 (four) \" 10 -20 TD (five) Tj T* (six) Tj ET" },
        { "character and word spacing, scaling, rise", "BT /F1 10 Tf 2 Tc 5 Tw 150 Tz 3 Ts 72 700 Td (a b c) Tj 0 Tc 0 Tw 100 Tz 0 Ts (d e) Tj ET" },
        { "text matrices that rotate", "BT /F1 10 Tf 0.8 0.6 -0.6 0.8 200 300 Tm (tilted) Tj 0 1 -1 0 400 300 Tm (upright) Tj ET" },
        { "saved states and cm", "q 2 0 0 2 10 10 cm BT /F1 10 Tf 20 300 Td (scaled) Tj ET q 1 0 0 1 50 0 cm BT /F2 8 Tf 0 0 Td (moved) Tj ET Q BT /F1 10 Tf 0 100 Td (restored) Tj ET Q BT /F1 10 Tf 72 50 Td (page) Tj ET Q Q" },
        { "a form XObject with its matrix and fonts, an image XObject", "BT /F1 10 Tf 72 700 Td (before) Tj ET q 2 0 0 2 0 0 cm /Fm1 Do Q /Im1 Do BT /F1 10 Tf 72 600 Td (after) Tj ET" },
        { "a font set by a graphics state dictionary", "BT /GS1 gs 72 700 Td (times) Tj ET" },
        { "marked content, comments, other operators, loose numbers", "/Span << /ActualText (a>>b\\)) /MCID 3 /Nested << /K [1 2] >> >> BDC % (comment) Tj\n1 0 0 RG .5 w BT /F1 +10 Tf -.5 700. Td 72 0 Td (marked) Tj ET EMC" },
        { "a missing font's text is skipped", "BT /F9 12 Tf 72 700 Td (skipped) Tj /F1 12 Tf (shown) Tj ET" },
    };

    [Theory]
    [MemberData(nameof(Contents))]
    public void Every_glyph_is_where_PdfPigs_own_text_showing_puts_it(string because, string content)
    {
        AssertSameAsPdfPig(PdfContentSamples.Page(content), because);
    }

    [Fact]
    public void An_inline_image_whose_data_holds_EI_and_text_operators_is_stepped_over()
    {
        var content = new MemoryStream();
        content.Write(Encoding.Latin1.GetBytes("BT /F1 10 Tf 72 700 Td (before) Tj ET\nBI /W 8 /H 1 /BPC 8 /CS /G ID "));
        content.Write([5, (byte)'E', (byte)'I', 1, (byte)'(', (byte)'x', (byte)')', (byte)' ', (byte)'T', (byte)'j']);
        content.Write(Encoding.Latin1.GetBytes("\nEI BT /F1 10 Tf 72 600 Td (after) Tj ET"));
        var pdf = PdfContentSamples.Page(content.ToArray());

        Text(Glyphs<PdfTextPageFactory>(pdf)).Should().Be("beforeafter");
        AssertSameAsPdfPig(pdf, "the image's bytes are not text");
    }

    [Fact]
    public void A_page_with_vertical_text_is_read_by_PdfPigs_text_showing()
    {
        var pdf = PdfContentSamples.Page("BT /V1 12 Tf 300 700 Td <00410042> Tj ET BT /F1 10 Tf 72 700 Td (horizontal) Tj ET", vertical: true);

        var glyphs = Glyphs<PdfTextPageFactory>(pdf);

        Text(glyphs).Should().Contain("horizontal");
        Text(glyphs).Should().StartWith("AB");
        glyphs[1].Y.Should().BeLessThan(glyphs[0].Y, "the vertical font's second glyph is below its first (the interpreter would have put it to the right)");
        AssertSameAsPdfPig(pdf, "the page fell back to PdfPig's processor");
    }

    [Fact]
    public async Task A_form_that_draws_itself_is_drawn_to_the_nesting_limit_and_the_page_text_kept()
    {
        using var harness = new ConverterHarness();

        var markdown = await harness.ConvertAsync("loop.pdf", PdfContentSamples.Page("/Loop Do BT /F1 10 Tf 72 700 Td (after the loop) Tj ET"));

        markdown.Should().Be("## Page 1\n\nafter the loop");
    }

    [Fact]
    public async Task Graphics_states_nested_past_the_limit_are_a_clean_error()
    {
        using var harness = new ConverterHarness();

        var act = () => harness.ConvertAsync("deep.pdf", PdfContentSamples.Page(string.Concat(Enumerable.Repeat("q ", 257)) + "BT /F1 10 Tf (x) Tj ET"));

        (await act.Should().ThrowAsync<DocumentConversionException>()).Which.Message.Should().Be("A PDF page nests graphics states deeper than 256.");
    }

    [Fact]
    public async Task Graphics_states_nested_to_the_limit_convert()
    {
        using var harness = new ConverterHarness();

        var markdown = await harness.ConvertAsync("deep.pdf", PdfContentSamples.Page(string.Concat(Enumerable.Repeat("q ", 256)) + "BT /F1 10 Tf 72 700 Td (deep text) Tj ET"));

        markdown.Should().Contain("deep text");
    }

    [Fact]
    public async Task Operands_past_the_limit_before_one_operator_are_a_clean_error()
    {
        using var harness = new ConverterHarness();

        var act = () => harness.ConvertAsync("operands.pdf", PdfContentSamples.Page(string.Concat(Enumerable.Repeat("1 ", PdfOperands.MaxOperands + 1)) + "Td"));

        (await act.Should().ThrowAsync<DocumentConversionException>()).Which.Message.Should().Be("A PDF content stream has more than 100,000 operands before one operator.");
    }

    private static void AssertSameAsPdfPig(byte[] pdf, string because)
    {
        var ours = Glyphs<PdfTextPageFactory>(pdf);
        var theirs = Glyphs<PdfPigReferencePageFactory>(pdf);

        ours.Should().NotBeEmpty(because);
        Text(ours).Should().Be(Text(theirs), because);
        for (var i = 0; i < ours.Count; i++)
        {
            var (a, b) = (ours[i], theirs[i]);
            new[] { a.X, a.Y, a.EndX, a.EndY, a.Size }.Should().Equal([b.X, b.Y, b.EndX, b.EndY, b.Size], (x, y) => Math.Abs(x - y) < 1e-6, $"glyph {i} ('{a.Text}'): {because}");
        }
    }

    private static List<PdfGlyph> Glyphs<TFactory>(byte[] pdf)
        where TFactory : IPageFactory<PdfTextPage>
    {
        var budget = new PdfDecodeBudget(1L << 30, 1L << 28, CancellationToken.None);
        using var document = PdfDocument.Open(pdf, new ParsingOptions { UseLenientParsing = true, SkipMissingFonts = true, FilterProvider = new PdfBudgetFilterProvider(budget) });
        document.AddPageFactory<PdfTextPage, TFactory>();
        return [.. document.GetPage<PdfTextPage>(1).Glyphs];
    }

    private static string Text(List<PdfGlyph> glyphs) => string.Concat(glyphs.Select(glyph => glyph.Text));
}
