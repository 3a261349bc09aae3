using G4F.Backend.Documents;

namespace G4F.Backend.AspNetCore.Tests.Hosting.Parts;

/// <summary>A host's converter for <c>.txt</c>, which the built-in plain-text converter also accepts: upper-cases the text.</summary>
internal sealed class ShoutingTextConverter : IDocumentConverter
{
    public bool CanConvert(string extension, string? contentType) => extension == ".txt";

    public async Task ConvertAsync(DocumentInput input, TextWriter output, CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(input.Content, leaveOpen: true);
        await output.WriteAsync((await reader.ReadToEndAsync(cancellationToken)).ToUpperInvariant());
    }
}
