using System.Text.RegularExpressions;
using G4F.Backend.Documents;

namespace G4F.Backend.Core.Tests.Buckets;

/// <summary>A stand-in HTML converter for tests (the real one is another issue's): the page's text without tags.</summary>
internal sealed partial class TagStrippingConverter : IDocumentConverter
{
    public bool CanConvert(string extension, string? contentType) => extension == ".html" || contentType == "text/html";

    public async Task ConvertAsync(DocumentInput input, TextWriter output, CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(input.Content, leaveOpen: true);
        var html = await reader.ReadToEndAsync(cancellationToken);
        await output.WriteAsync(Tags().Replace(html, string.Empty).Trim());
    }

    [GeneratedRegex("<[^>]*>")]
    private static partial Regex Tags();
}
