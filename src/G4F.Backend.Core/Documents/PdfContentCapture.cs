using UglyToad.PdfPig.Core;
using UglyToad.PdfPig.Graphics.Operations;
using UglyToad.PdfPig.Logging;
using UglyToad.PdfPig.Parser;

namespace G4F.Backend.Documents;

/// <summary>
/// The page content "parser" <see cref="PdfTextPageFactory"/> gives PdfPig: it keeps the decoded bytes as they are
/// (<see cref="PdfContentBytes"/>, valid until the next page is read) for <see cref="PdfTextInterpreter"/>, instead
/// of building an operation object per operator as PdfPig's parser does.
/// </summary>
internal sealed class PdfContentCapture : IPageContentParser
{
    // One buffer for the file, as large as its largest page content: a page's bytes are read before the next page's
    // are captured, and a copy per page would leave a page's size of garbage each time.
    private byte[] _buffer = [];

    public IReadOnlyList<IGraphicsStateOperation> Parse(int pageNumber, IInputBytes inputBytes, ILog log)
    {
        ArgumentNullException.ThrowIfNull(inputBytes);
        if (_buffer.Length < inputBytes.Length)
        {
            _buffer = new byte[inputBytes.Length];
        }

        var read = 0;
        while (read < inputBytes.Length && inputBytes.Read(_buffer.AsSpan(read, (int)inputBytes.Length - read)) is var count && count > 0)
        {
            read += count;
        }

        return [new PdfContentBytes(_buffer.AsMemory(0, read))];
    }
}
