using System.Globalization;
using System.Text;
using UglyToad.PdfPig;
using UglyToad.PdfPig.Parser.Parts;
using UglyToad.PdfPig.Tokens;

namespace G4F.Backend.Documents;

/// <summary>Text showing, form XObjects and the content the interpreter steps over.</summary>
internal sealed partial class PdfTextInterpreter
{
    // One string of character codes: each glyph placed at the text matrix's origin, which then advances by its width.
    private void Show(ReadOnlySpan<byte> content, in PdfOperand text)
    {
        if (_state.Font is not { } font)
        {
            // A missing font: its text is skipped, as PdfPig does with SkipMissingFonts.
            return;
        }

        if (font.Font.IsVertical)
        {
            throw new PdfVerticalTextException();
        }

        var length = PdfContentLexer.DecodeString(text.Kind, content.Slice(text.Start, text.Length), ref _strings);
        var state = _state;
        var toPage = _textMatrix.Then(state.Ctm);
        var (originX, originY) = toPage.Transform(0, state.Rise);
        var (upX, upY) = toPage.Transform(0, state.Rise + state.FontSize);
        var size = Math.Round(Math.Sqrt(((upX - originX) * (upX - originX)) + ((upY - originY) * (upY - originY))), 2);
        var advance = 0.0;
        _codes.Reset(_strings, length);
        while (_codes.MoveNext())
        {
            var code = font.Font.ReadCharacterCode(_codes, out var codeLength);
            var glyphText = font.Describe(code, out var width);
            var glyphAdvance = width * state.FontSize * state.Scaling;
            var (startX, startY) = toPage.Transform(advance, state.Rise);
            var (endX, endY) = toPage.Transform(advance + glyphAdvance, state.Rise);
            if (Glyphs.Count >= MaxGlyphsPerPage)
            {
                throw new DocumentConversionException(string.Create(CultureInfo.InvariantCulture, $"The PDF page has more than {MaxGlyphsPerPage:N0} characters."));
            }

            Glyphs.Add(new PdfGlyph(glyphText, startX, startY, endX, endY, size));
            var wordSpacing = code == ' ' && codeLength == 1 ? state.WordSpacing : 0;
            advance += ((width * state.FontSize) + state.CharacterSpacing + wordSpacing) * state.Scaling;
        }

        _textMatrix = _textMatrix.TranslatedBy(advance, 0);
    }

    // A form XObject runs its own content with its matrix and resources, inside a saved graphics state; image and
    // PostScript XObjects hold no text and are not decoded.
    private void DrawForm(ReadOnlySpan<byte> content, int formDepth)
    {
        // Deeper forms are skipped, as PdfPig skips them: a form that draws itself is a drawing loop, not an error.
        if (formDepth >= MaxFormDepth
            || !_operands.TryGet(1, PdfContentTokenKind.Name, out var name)
            || !resources.TryGetXObject(Name(content, name), out var form)
            || !form.StreamDictionary.TryGet(NameToken.Subtype, out var subtype)
            || !NameToken.Form.Equals(subtype))
        {
            return;
        }

        var matrix = PdfMatrix.Identity;
        if (form.StreamDictionary.TryGet(NameToken.Matrix, out var matrixEntry)
            && DirectObjectFinder.TryGet(matrixEntry, scanner, out ArrayToken? values)
            && values is { Length: 6 } && values.Data.All(value => value is NumericToken))
        {
            var n = values.Data.Cast<NumericToken>().Select(value => value.Double).ToArray();
            matrix = new PdfMatrix(n[0], n[1], n[2], n[3], n[4], n[5]);
        }

        var formResources = form.StreamDictionary.TryGet(NameToken.Resources, out var resourcesEntry)
            && DirectObjectFinder.TryGet(resourcesEntry, scanner, out DictionaryToken? dictionary) ? dictionary : null;
        var bytes = form.Decode(filters, scanner);
        if (formResources is not null)
        {
            resources.LoadResourceDictionary(formResources);
        }

        var (savedState, savedText, savedLine, savedDepth) = (_state, _textMatrix, _lineMatrix, _saved.Count);
        try
        {
            _state = _state with { Ctm = matrix.Then(_state.Ctm) };
            Run(bytes.Span, formDepth + 1);
        }
        finally
        {
            // The form's q and Q are its own: what it leaves unbalanced ends with it.
            while (_saved.Count > savedDepth)
            {
                _saved.Pop();
            }

            (_state, _textMatrix, _lineMatrix) = (savedState, savedText, savedLine);
            if (formResources is not null)
            {
                resources.UnloadResourceDictionary();
            }
        }
    }

    // BI, the image's parameters up to ID, its binary data, EI: none of it is text.
    private static void SkipInlineImage(ref PdfContentLexer lexer)
    {
        PdfContentTokenKind kind;
        while ((kind = lexer.Next()) != PdfContentTokenKind.End)
        {
            if (kind == PdfContentTokenKind.Keyword && lexer.Token is [(byte)'I', (byte)'D'])
            {
                lexer.SkipInlineImageData();
                return;
            }
        }
    }

    private static void SkipDictionary(ref PdfContentLexer lexer)
    {
        var depth = 1;
        PdfContentTokenKind kind;
        while (depth > 0 && (kind = lexer.Next()) != PdfContentTokenKind.End)
        {
            depth += kind switch
            {
                PdfContentTokenKind.DictionaryOpen => 1,
                PdfContentTokenKind.DictionaryClose => -1,
                _ => 0,
            };
        }
    }

    // A name's bytes, with #xx escapes decoded, as PdfPig's name token.
    private static NameToken Name(ReadOnlySpan<byte> content, in PdfOperand name)
    {
        var bytes = content.Slice(name.Start, name.Length);
        if (bytes.IndexOf((byte)'#') < 0)
        {
            return NameToken.Create(Encoding.Latin1.GetString(bytes));
        }

        var decoded = new StringBuilder(bytes.Length);
        for (var i = 0; i < bytes.Length; i++)
        {
            if (bytes[i] == '#' && i + 2 < bytes.Length && byte.TryParse(bytes.Slice(i + 1, 2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var value))
            {
                decoded.Append((char)value);
                i += 2;
            }
            else
            {
                decoded.Append((char)bytes[i]);
            }
        }

        return NameToken.Create(decoded.ToString());
    }
}
