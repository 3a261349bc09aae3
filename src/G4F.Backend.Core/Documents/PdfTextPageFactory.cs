using UglyToad.PdfPig;
using UglyToad.PdfPig.Content;
using UglyToad.PdfPig.Core;
using UglyToad.PdfPig.Filters;
using UglyToad.PdfPig.Geometry;
using UglyToad.PdfPig.Graphics.Operations;
using UglyToad.PdfPig.Outline.Destinations;
using UglyToad.PdfPig.Parser;
using UglyToad.PdfPig.Tokenization.Scanner;
using UglyToad.PdfPig.Tokens;

namespace G4F.Backend.Documents;

/// <summary>
/// PdfPig's page factory for text only: the page's operations run through <see cref="PdfGlyphCollector"/>, so no
/// letters, paths, images, marked content or annotations are built. PdfPig creates it by reflection (this exact
/// constructor) when <c>PdfDocument.AddPageFactory</c> is called.
/// </summary>
internal sealed class PdfTextPageFactory(
    IPdfTokenScanner pdfScanner,
    IResourceStore resourceStore,
    ILookupFilterProvider filterProvider,
    IPageContentParser pageContentParser,
    ParsingOptions parsingOptions)
    : BasePageFactory<PdfTextPage>(pdfScanner, resourceStore, filterProvider, pageContentParser, parsingOptions)
{
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
        if (operations.Count == 0)
        {
            return new PdfTextPage([]);
        }

        var collector = new PdfGlyphCollector(
            pageNumber, ResourceStore, PdfScanner, PageContentParser, FilterProvider, cropBox, userSpaceUnit, rotation, initialMatrix, ParsingOptions);
        return collector.Process(pageNumber, operations);
    }
}
