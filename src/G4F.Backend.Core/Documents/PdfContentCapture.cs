using UglyToad.PdfPig.Core;
using UglyToad.PdfPig.Graphics.Operations;
using UglyToad.PdfPig.Logging;
using UglyToad.PdfPig.Parser;

namespace G4F.Backend.Documents;

/// <summary>
/// The page content "parser" <see cref="PdfTextPageFactory"/> gives PdfPig: it keeps the decoded bytes as they are
/// (<see cref="PdfContentBytes"/>) for <see cref="PdfTextInterpreter"/>, instead of building an operation object
/// per operator as PdfPig's parser does.
/// </summary>
internal sealed class PdfContentCapture : IPageContentParser
{
    public IReadOnlyList<IGraphicsStateOperation> Parse(int pageNumber, IInputBytes inputBytes, ILog log)
    {
        ArgumentNullException.ThrowIfNull(inputBytes);
        var bytes = new byte[inputBytes.Length];
        var read = 0;
        while (read < bytes.Length && inputBytes.Read(bytes.AsSpan(read)) is var count && count > 0)
        {
            read += count;
        }

        return [new PdfContentBytes(read == bytes.Length ? bytes : bytes[..read])];
    }
}
