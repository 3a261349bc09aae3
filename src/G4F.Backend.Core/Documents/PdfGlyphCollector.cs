using System.Globalization;
using System.Text;
using UglyToad.PdfPig;
using UglyToad.PdfPig.Content;
using UglyToad.PdfPig.Core;
using UglyToad.PdfPig.Filters;
using UglyToad.PdfPig.Geometry;
using UglyToad.PdfPig.Graphics;
using UglyToad.PdfPig.Graphics.Operations;
using UglyToad.PdfPig.Graphics.Operations.TextPositioning;
using UglyToad.PdfPig.Graphics.Operations.TextShowing;
using UglyToad.PdfPig.Parser;
using UglyToad.PdfPig.PdfFonts;
using UglyToad.PdfPig.Tokenization.Scanner;
using UglyToad.PdfPig.Tokens;
using ShowTextOperation = UglyToad.PdfPig.Graphics.Operations.TextShowing.ShowText;

namespace G4F.Backend.Documents;

/// <summary>
/// Reads a page with vertical text (which <see cref="PdfTextInterpreter"/> hands over): PdfPig parses the operations
/// and its stream processor runs them, keeping only what text extraction needs: for each shown character its text,
/// baseline start and end, and size (<see cref="PdfGlyph"/>). PdfPig's own processor builds a <c>Letter</c> per
/// character with three transformed boxes, colours and the font, and records paths, clipping, images and marked
/// content; here those operators do nothing, and horizontal text is shown by <see cref="Show"/> as the interpreter
/// shows it. Vertical fonts go through PdfPig's own text showing (their metrics are internal to PdfPig). A page may
/// show at most <see cref="PdfTextInterpreter.MaxGlyphsPerPage"/> characters.
/// </summary>
internal sealed class PdfGlyphCollector(
    int pageNumber,
    IResourceStore resourceStore,
    IPdfTokenScanner pdfScanner,
    IPageContentParser pageContentParser,
    ILookupFilterProvider filterProvider,
    CropBox cropBox,
    UserSpaceUnit userSpaceUnit,
    PageRotationDegrees rotation,
    in TransformationMatrix initialMatrix,
    ParsingOptions parsingOptions,
    Dictionary<IFont, PdfFontCodes> fonts)
    : BaseStreamProcessor<PdfTextPage>(pageNumber, resourceStore, pdfScanner, pageContentParser, filterProvider, cropBox, userSpaceUnit, rotation, initialMatrix, parsingOptions)
{
    private const int MaxGlyphsPerPage = PdfTextInterpreter.MaxGlyphsPerPage;

    private readonly List<PdfGlyph> _glyphs = [];

    public override PdfTextPage Process(int pageNumberCurrent, IReadOnlyList<IGraphicsStateOperation> operations)
    {
        PageNumber = pageNumberCurrent;
        CloneAllStates();
        ProcessOperations(operations);
        return new PdfTextPage(_glyphs);
    }

    protected override void ProcessOperations(IReadOnlyList<IGraphicsStateOperation> operations)
    {
        foreach (var operation in operations)
        {
            var fast = operation is ShowTextOperation or MoveToNextLineShowText or MoveToNextLineShowTextWithSpacing ? HorizontalFont() : null;
            if (fast is null)
            {
                operation.Run(this);
                continue;
            }

            switch (operation)
            {
                case ShowTextOperation show:
                    Show(fast, Codes(show.Text, show.Bytes));
                    break;
                case MoveToNextLineShowText show:
                    MoveToNextLine.Value.Run(this);
                    Show(fast, Codes(show.Text, show.Bytes));
                    break;
                case MoveToNextLineShowTextWithSpacing show:
                    SetWordSpacing(show.WordSpacing);
                    SetCharacterSpacing(show.CharacterSpacing);
                    MoveToNextLine.Value.Run(this);
                    Show(fast, Codes(show.Text, show.Bytes));
                    break;
            }
        }
    }

    public override void ShowPositionedText(IReadOnlyList<IToken> tokens)
    {
        if (HorizontalFont() is not { } font)
        {
            base.ShowPositionedText(tokens);
            return;
        }

        var state = GetCurrentState().FontState;
        foreach (var token in tokens)
        {
            if (token is NumericToken number)
            {
                Advance(-number.Data / 1000 * state.FontSize * state.HorizontalScaling / 100);
            }
            else if (token is HexToken hex)
            {
                byte[] codes = [.. hex.Bytes];
                Show(font, codes);
            }
            else if (token is StringToken text)
            {
                Show(font, text.GetBytes());
            }
        }
    }

    // PdfPig's path for what Show does not handle (vertical fonts): the glyph's baseline from its matrices.
    public override void RenderGlyph(
        IFont font,
        CurrentGraphicsState currentState,
        double fontSize,
        double pointSize,
        int code,
        string unicode,
        long currentOffset,
        in TransformationMatrix renderingMatrix,
        in TransformationMatrix textMatrix,
        in TransformationMatrix transformationMatrix,
        CharacterBoundingBox characterBoundingBox)
    {
        var matrix = renderingMatrix.Multiply(textMatrix).Multiply(transformationMatrix);
        var start = matrix.Transform(new PdfPoint(0, 0));
        var end = matrix.Transform(new PdfPoint(characterBoundingBox.Width, 0));
        Add(new PdfGlyph(unicode, start.X, start.Y, end.X, end.Y, pointSize));
    }

    // The parser keeps a literal string as text (its bytes as Latin-1 characters) and a hex string as bytes.
    private static ReadOnlyMemory<byte> Codes(string? text, ReadOnlyMemory<byte> bytes) =>
        text is null ? bytes : Encoding.Latin1.GetBytes(text);

    private IFont? HorizontalFont()
    {
        var state = GetCurrentState().FontState;
        var font = state.FromExtendedGraphicsState ? ActiveExtendedGraphicsStateFont : ResourceStore.GetFont(state.FontName);

        // A missing font goes to PdfPig too: it skips the text or fails as the parsing options say.
        return font is { IsVertical: false } ? font : null;
    }

    // One string of character codes: each glyph placed at the text matrix's origin, which then advances by its width.
    private void Show(IFont font, ReadOnlyMemory<byte> bytes)
    {
        var current = GetCurrentState();
        var state = current.FontState;
        var fontSize = state.FontSize;
        var scaling = state.HorizontalScaling / 100;
        var rise = state.Rise;
        var toPage = TextMatrices.TextMatrix.Multiply(current.CurrentTransformationMatrix);
        var origin = toPage.Transform(new PdfPoint(0, rise));
        var up = toPage.Transform(new PdfPoint(0, rise + fontSize));
        var size = Math.Round(Math.Sqrt(((up.X - origin.X) * (up.X - origin.X)) + ((up.Y - origin.Y) * (up.Y - origin.Y))), 2);
        var codes = PdfFontCodes.Of(fonts, font);
        var advance = 0.0;
        var input = new MemoryInputBytes(bytes);
        while (input.MoveNext())
        {
            var code = font.ReadCharacterCode(input, out var codeLength);
            var text = codes.Describe(code, out var width);
            var glyphAdvance = width * fontSize * scaling;
            var start = toPage.Transform(new PdfPoint(advance, rise));
            var end = toPage.Transform(new PdfPoint(advance + glyphAdvance, rise));
            Add(new PdfGlyph(text, start.X, start.Y, end.X, end.Y, size));
            var wordSpacing = code == ' ' && codeLength == 1 ? state.WordSpacing : 0;
            advance += ((width * fontSize) + state.CharacterSpacing + wordSpacing) * scaling;
        }

        Advance(advance);
    }

    private void Advance(double x) =>
        TextMatrices.TextMatrix = TransformationMatrix.GetTranslationMatrix(x, 0).Multiply(TextMatrices.TextMatrix);

    private void Add(in PdfGlyph glyph)
    {
        if (_glyphs.Count >= MaxGlyphsPerPage)
        {
            throw new DocumentConversionException(string.Create(CultureInfo.InvariantCulture, $"The PDF page has more than {MaxGlyphsPerPage:N0} characters."));
        }

        _glyphs.Add(glyph);
    }

    // Nothing but text matters: paths, clipping, images, shadings and marked content are not recorded.
    protected override void RenderXObjectImage(XObjectContentRecord xObjectContentRecord)
    {
    }

    protected override void RenderInlineImage(InlineImage inlineImage)
    {
    }

    protected override void ClipToRectangle(PdfRectangle rectangle, FillingRule clippingRule)
    {
    }

    public override void BeginSubpath()
    {
    }

    public override PdfPoint? CloseSubpath() => null;

    public override void StrokePath(bool close)
    {
    }

    public override void FillPath(FillingRule fillingRule, bool close)
    {
    }

    public override void FillStrokePath(FillingRule fillingRule, bool close)
    {
    }

    public override void MoveTo(double x, double y)
    {
    }

    public override void BezierCurveTo(double x2, double y2, double x3, double y3)
    {
    }

    public override void BezierCurveTo(double x1, double y1, double x2, double y2, double x3, double y3)
    {
    }

    public override void LineTo(double x, double y)
    {
    }

    public override void Rectangle(double x, double y, double width, double height)
    {
    }

    public override void EndPath()
    {
    }

    public override void ClosePath()
    {
    }

    public override void ModifyClippingIntersect(FillingRule clippingRule)
    {
    }

    public override void BeginMarkedContent(NameToken name, NameToken? propertyDictionaryName, DictionaryToken? properties)
    {
    }

    public override void EndMarkedContent()
    {
    }

    public override void PaintShading(NameToken shadingName)
    {
    }
}
