using UglyToad.PdfPig.PdfFonts;

namespace G4F.Backend.Documents;

/// <summary>
/// What text extraction asks a font about a character code, its text and its advance width, asked once per code
/// and font for the whole file: codes below 256 (every simple font's) sit in arrays, the rest in a dictionary that
/// stops growing at <see cref="MaxCachedCodes"/> (composite fonts have up to 65,536 codes and more).
/// </summary>
internal sealed class PdfFontCodes(IFont font)
{
    private const int MaxCachedCodes = 65_536;

    private readonly string?[] _texts = new string?[256];
    private readonly double[] _widths = new double[256];
    private Dictionary<int, (string Text, double Width)>? _others;

    public IFont Font { get; } = font;

    /// <summary>The entry of <paramref name="font"/> in a file's <paramref name="fonts"/>, made on first use.</summary>
    public static PdfFontCodes Of(Dictionary<IFont, PdfFontCodes> fonts, IFont font)
    {
        if (!fonts.TryGetValue(font, out var codes))
        {
            codes = new PdfFontCodes(font);
            fonts[font] = codes;
        }

        return codes;
    }

    public string Describe(int code, out double width)
    {
        if ((uint)code < 256)
        {
            if (_texts[code] is { } text)
            {
                width = _widths[code];
                return text;
            }

            (text, width) = Ask(code);
            (_texts[code], _widths[code]) = (text, width);
            return text;
        }

        _others ??= [];
        if (_others.TryGetValue(code, out var described))
        {
            width = described.Width;
            return described.Text;
        }

        described = Ask(code);
        if (_others.Count < MaxCachedCodes)
        {
            _others[code] = described;
        }

        width = described.Width;
        return described.Text;
    }

    // As PdfPig: a code without a Unicode mapping is read as the character of that number.
    private (string Text, double Width) Ask(int code) =>
        (Font.TryGetUnicode(code, out var unicode) && unicode is not null ? unicode : ((char)code).ToString(), Font.GetBoundingBox(code).Width);
}
