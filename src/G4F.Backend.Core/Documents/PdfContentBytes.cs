using UglyToad.PdfPig.Graphics;
using UglyToad.PdfPig.Graphics.Operations;

namespace G4F.Backend.Documents;

/// <summary>
/// A page's decoded content stream, handed from <see cref="PdfContentCapture"/> to <see cref="PdfTextPageFactory"/>
/// in place of PdfPig's list of parsed operations; it is never run as an operation.
/// </summary>
internal sealed class PdfContentBytes(ReadOnlyMemory<byte> bytes) : IGraphicsStateOperation
{
    public ReadOnlyMemory<byte> Bytes { get; } = bytes;

    public string Operator => "content";

    public void Write(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        stream.Write(Bytes.Span);
    }

    public void Run(IOperationContext operationContext) => throw new NotSupportedException("Content bytes are read by the text interpreter.");
}
