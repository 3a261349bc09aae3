using System.Globalization;
using UglyToad.PdfPig.Content;
using UglyToad.PdfPig.Filters;
using UglyToad.PdfPig.Parser.Parts;
using UglyToad.PdfPig.PdfFonts;
using UglyToad.PdfPig.Tokenization.Scanner;
using UglyToad.PdfPig.Tokens;

namespace G4F.Backend.Documents;

/// <summary>
/// Runs a page's content stream for its text: reads the tokens in place (<see cref="PdfContentLexer"/>) and acts on
/// the operators that place text (text state, text matrices, <c>q</c>/<c>Q</c>/<c>cm</c>, form XObjects, fonts set
/// by <c>gs</c>); every other operator only drops its operands. Each shown character becomes a <see cref="PdfGlyph"/>
/// where PdfPig's text showing puts it (fonts stay PdfPig's). A page may show at most <see cref="MaxGlyphsPerPage"/>
/// characters and nest <c>q</c> <see cref="MaxStateDepth"/> deep; forms nested deeper than <see cref="MaxFormDepth"/>
/// are not drawn.
/// </summary>
internal sealed partial class PdfTextInterpreter(
    IResourceStore resources,
    IPdfTokenScanner scanner,
    ILookupFilterProvider filters,
    Dictionary<IFont, PdfFontCodes> fonts,
    in PdfMatrix initialMatrix,
    List<PdfGlyph> glyphs,
    CancellationToken cancellationToken)
{
    /// <summary>Most characters one page may show (2 million: some 500 dense pages' worth); more is a per-file error.</summary>
    public const int MaxGlyphsPerPage = 2_000_000;

    /// <summary>Deepest <c>q</c> nesting (PDF's own implementation limit is 28); deeper is a per-file error.</summary>
    public const int MaxStateDepth = 256;

    /// <summary>Deepest nesting of form XObjects drawn (a form that draws itself would recurse forever).</summary>
    public const int MaxFormDepth = 16;

    private readonly PdfOperands _operands = new();
    private readonly Stack<PdfTextState> _saved = new();
    private readonly PdfCodeReader _codes = new();
    private byte[] _strings = new byte[256];
    private PdfTextState _state = PdfTextState.Initial(initialMatrix);
    private PdfMatrix _textMatrix = PdfMatrix.Identity;
    private PdfMatrix _lineMatrix = PdfMatrix.Identity;
    private int _operators;

    /// <summary>Where the shown characters go, in content-stream order.</summary>
    public List<PdfGlyph> Glyphs { get; } = glyphs;

    /// <summary>Runs <paramref name="content"/>; throws <see cref="PdfVerticalTextException"/> at vertical text.</summary>
    public void Run(ReadOnlySpan<byte> content) => Run(content, 0);

    private void Run(ReadOnlySpan<byte> content, int formDepth)
    {
        var lexer = new PdfContentLexer(content);
        _operands.Clear();
        while (true)
        {
            var kind = lexer.Next();
            switch (kind)
            {
                case PdfContentTokenKind.End:
                    return;
                case PdfContentTokenKind.Number:
                    _operands.Push(new PdfOperand(kind, lexer.Number(), 0, 0));
                    break;
                case PdfContentTokenKind.DictionaryOpen:
                    // Inline dictionaries (marked-content properties) say nothing about text placement.
                    SkipDictionary(ref lexer);
                    _operands.Push(new PdfOperand(kind, 0, 0, 0));
                    break;
                case PdfContentTokenKind.DictionaryClose:
                    break;
                case PdfContentTokenKind.Keyword when lexer.Token is [(byte)'t', (byte)'r', (byte)'u', (byte)'e'] or [(byte)'f', (byte)'a', (byte)'l', (byte)'s', (byte)'e'] or [(byte)'n', (byte)'u', (byte)'l', (byte)'l']:
                    _operands.Push(new PdfOperand(PdfContentTokenKind.Name, 0, 0, 0));
                    break;
                case PdfContentTokenKind.Keyword:
                    Execute(ref lexer, content, formDepth);
                    _operands.Clear();
                    break;
                default:
                    _operands.Push(new PdfOperand(kind, 0, lexer.TokenStart, lexer.Token.Length));
                    break;
            }
        }
    }

    private void Execute(ref PdfContentLexer lexer, ReadOnlySpan<byte> content, int formDepth)
    {
        if ((++_operators & 0xFFF) == 0)
        {
            cancellationToken.ThrowIfCancellationRequested();
        }

        var op = lexer.Token;
        switch (op.Length)
        {
            case 1:
                ExecuteShort(op[0], content);
                break;
            case 2:
                ExecuteTwo(op[0], op[1], ref lexer, content, formDepth);
                break;
        }
    }

    private void ExecuteShort(byte op, ReadOnlySpan<byte> content)
    {
        switch (op)
        {
            case (byte)'q':
                if (_saved.Count >= MaxStateDepth)
                {
                    throw new DocumentConversionException(string.Create(CultureInfo.InvariantCulture, $"A PDF page nests graphics states deeper than {MaxStateDepth}."));
                }

                _saved.Push(_state);
                break;
            case (byte)'Q':
                // An unbalanced Q is ignored, as readers do.
                if (_saved.TryPop(out var restored))
                {
                    _state = restored;
                }

                break;
            case (byte)'\'':
                NextLine();
                ShowLastString(content);
                break;
            case (byte)'"':
                _state = _state with { WordSpacing = _operands.Number(3), CharacterSpacing = _operands.Number(2) };
                NextLine();
                ShowLastString(content);
                break;
        }
    }

    private void ExecuteTwo(byte first, byte second, ref PdfContentLexer lexer, ReadOnlySpan<byte> content, int formDepth)
    {
        switch (first, second)
        {
            case ((byte)'c', (byte)'m'):
                _state = _state with { Ctm = Matrix().Then(_state.Ctm) };
                break;
            case ((byte)'B', (byte)'T'):
                _textMatrix = _lineMatrix = PdfMatrix.Identity;
                break;
            case ((byte)'T', (byte)'j'):
                ShowLastString(content);
                break;
            case ((byte)'T', (byte)'J'):
                ShowPositioned(content);
                break;
            case ((byte)'T', (byte)'d'):
                MoveLine(_operands.Number(2), _operands.Number(1));
                break;
            case ((byte)'T', (byte)'D'):
                _state = _state with { Leading = -_operands.Number(1) };
                MoveLine(_operands.Number(2), _operands.Number(1));
                break;
            case ((byte)'T', (byte)'m'):
                _textMatrix = _lineMatrix = Matrix();
                break;
            case ((byte)'T', (byte)'*'):
                NextLine();
                break;
            case ((byte)'T', (byte)'f'):
                SetFont(content);
                break;
            case ((byte)'T', (byte)'c'):
                _state = _state with { CharacterSpacing = _operands.Number(1) };
                break;
            case ((byte)'T', (byte)'w'):
                _state = _state with { WordSpacing = _operands.Number(1) };
                break;
            case ((byte)'T', (byte)'z'):
                _state = _state with { Scaling = _operands.Number(1) / 100 };
                break;
            case ((byte)'T', (byte)'L'):
                _state = _state with { Leading = _operands.Number(1) };
                break;
            case ((byte)'T', (byte)'s'):
                _state = _state with { Rise = _operands.Number(1) };
                break;
            case ((byte)'g', (byte)'s'):
                SetGraphicsState(content);
                break;
            case ((byte)'D', (byte)'o'):
                DrawForm(content, formDepth);
                break;
            case ((byte)'B', (byte)'I'):
                SkipInlineImage(ref lexer);
                break;
        }
    }

    private PdfMatrix Matrix() => new(
        _operands.Number(6), _operands.Number(5), _operands.Number(4), _operands.Number(3), _operands.Number(2), _operands.Number(1));

    private void MoveLine(double x, double y) => _textMatrix = _lineMatrix = _lineMatrix.TranslatedBy(x, y);

    private void NextLine() => MoveLine(0, -_state.Leading);

    private void SetFont(ReadOnlySpan<byte> content)
    {
        var font = _operands.TryGet(2, PdfContentTokenKind.Name, out var name) ? resources.GetFont(Name(content, name)) : null;
        _state = _state with { Font = font is null ? null : PdfFontCodes.Of(fonts, font), FontSize = _operands.Number(1) };
    }

    // A graphics state parameter dictionary may set the font (its /Font entry: a font reference and a size).
    private void SetGraphicsState(ReadOnlySpan<byte> content)
    {
        if (!_operands.TryGet(1, PdfContentTokenKind.Name, out var name)
            || resources.GetExtendedGraphicsStateDictionary(Name(content, name)) is not { } parameters
            || !parameters.TryGet(NameToken.Font, out var entry)
            || !DirectObjectFinder.TryGet(entry, scanner, out ArrayToken? array)
            || array is not { Length: 2 } || array.Data[0] is not IndirectReferenceToken reference || array.Data[1] is not NumericToken size)
        {
            return;
        }

        _state = _state with { Font = PdfFontCodes.Of(fonts, resources.GetFontDirectly(reference)), FontSize = size.Double };
    }

    private void ShowLastString(ReadOnlySpan<byte> content)
    {
        if (_operands.TryGetLastString(out var text))
        {
            Show(content, text);
        }
    }

    // TJ: strings shown, numbers moving the next one left (in thousandths of the font size).
    private void ShowPositioned(ReadOnlySpan<byte> content)
    {
        var open = -1;
        for (var i = _operands.Count - 1; i >= 0 && open < 0; i--)
        {
            open = _operands[i].Kind == PdfContentTokenKind.ArrayOpen ? i : -1;
        }

        for (var i = open + 1; i < _operands.Count; i++)
        {
            var item = _operands[i];
            if (item.Kind == PdfContentTokenKind.Number)
            {
                _textMatrix = _textMatrix.TranslatedBy(-item.Number / 1000 * _state.FontSize * _state.Scaling, 0);
            }
            else if (item.Kind is PdfContentTokenKind.LiteralString or PdfContentTokenKind.HexString)
            {
                Show(content, item);
            }
        }
    }
}
