using G4F.Backend.Documents;

namespace G4F.Backend.Core.Tests.Buckets;

/// <summary>A converter for <c>text/plain</c> that crashes with a bug-like exception, as a broken converter would.</summary>
internal sealed class ThrowingTextConverter : IDocumentConverter
{
    public bool CanConvert(string extension, string? contentType) => contentType == "text/plain";

    public Task ConvertAsync(DocumentInput input, TextWriter output, CancellationToken cancellationToken) =>
        throw new InvalidOperationException("converter bug");
}
