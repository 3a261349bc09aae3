using UglyToad.PdfPig;
using UglyToad.PdfPig.Content;
using UglyToad.PdfPig.Core;
using UglyToad.PdfPig.Filters;
using UglyToad.PdfPig.Geometry;
using UglyToad.PdfPig.Graphics.Operations;
using UglyToad.PdfPig.Outline.Destinations;
using UglyToad.PdfPig.Parser;
using UglyToad.PdfPig.PdfFonts;
using UglyToad.PdfPig.Tokenization.Scanner;
using UglyToad.PdfPig.Tokens;

namespace G4F.Backend.Documents;

/// <summary>
/// PdfPig's page factory for text only. PdfPig decodes the page's content streams and resolves its resources; the
/// content goes to <see cref="PdfTextInterpreter"/> as bytes (<see cref="PdfContentCapture"/>), so no operation,
/// letter, path or image object is built. A page with vertical text is read by PdfPig's parser and
/// <see cref="PdfGlyphCollector"/> instead. What fonts say about their codes is kept for the whole file
/// (<see cref="PdfFontCodes"/>), and one glyph buffer serves every page: a page's glyphs are valid until the next
/// page is read. PdfPig creates the factory by reflection (this exact constructor) when
/// <c>PdfDocument.AddPageFactory</c> is called.
/// </summary>
internal sealed class PdfTextPageFactory(
    IPdfTokenScanner pdfScanner,
    IResourceStore resourceStore,
    ILookupFilterProvider filterProvider,
    IPageContentParser pageContentParser,
    ParsingOptions parsingOptions)
    : BasePageFactory<PdfTextPage>(pdfScanner, resourceStore, filterProvider, new PdfContentCapture(), parsingOptions)
{
    private readonly Dictionary<IFont, PdfFontCodes> _fonts = new(ReferenceEqualityComparer.Instance);

    // One buffer for every page's glyphs: the converter is done with a page before it asks for the next.
    private readonly List<PdfGlyph> _glyphs = [];

    protected override PdfTextPage ProcessPage(
        int pageNumber,
        DictionaryToken dictionary,
        NamedDestinations namedDestinations,
        MediaBox mediaBox,
        CropBox cropBox,
        UserSpaceUnit userSpaceUnit,
        PageRotationDegrees rotation,
        TransformationMatrix initialMatrix,
        IReadOnlyList<IGraphicsStateOperation> operations)
    {
        if (operations is not [PdfContentBytes content])
        {
            return new PdfTextPage([]);
        }

        var cancellationToken = (ParsingOptions.FilterProvider as PdfBudgetFilterProvider)?.Budget.CancellationToken ?? CancellationToken.None;
        var interpreter = new PdfTextInterpreter(ResourceStore, PdfScanner, FilterProvider, _fonts, PdfMatrix.From(initialMatrix), _glyphs, cancellationToken);
        _glyphs.Clear();
        try
        {
            interpreter.Run(content.Bytes.Span);
            return new PdfTextPage(interpreter.Glyphs);
        }
        catch (PdfVerticalTextException)
        {
            var parsed = pageContentParser.Parse(pageNumber, new MemoryInputBytes(content.Bytes), ParsingOptions.Logger);
            var collector = new PdfGlyphCollector(
                pageNumber, ResourceStore, PdfScanner, pageContentParser, FilterProvider, cropBox, userSpaceUnit, rotation, initialMatrix, ParsingOptions, _fonts);
            return collector.Process(pageNumber, parsed);
        }
    }
}
