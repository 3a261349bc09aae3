namespace G4F.Backend.Documents;

/// <summary>
/// The plain text types of PROTOCOL 6.1 (<c>txt</c>, <c>xml</c>, <c>json</c>, source code, logs...): their text is
/// their markdown. The encoding is a byte-order mark's, else the declared <c>charset</c>, else UTF-8, else (bytes
/// that are not UTF-8) Windows-1252 (<see cref="DocumentEncoding"/>).
/// </summary>
internal sealed class PlainTextDocumentConverter : IDocumentConverter
{
    private static readonly HashSet<string> Extensions = new(StringComparer.Ordinal)
    {
        ".txt", ".xml", ".json", ".js", ".har", ".sh", ".py", ".php", ".css", ".yaml", ".yml", ".sql", ".log",
        ".twig", ".md", ".arc", ".markdown", ".ini", ".toml", ".ts", ".cs", ".java", ".c", ".h", ".cpp", ".go", ".rs", ".rb",
    };

    public bool CanConvert(string extension, string? contentType) =>
        Extensions.Contains(extension)
        || (extension.Length == 0 && contentType is "text/plain" or "text/markdown" or "application/json" or "application/xml" or "text/xml");

    public async Task ConvertAsync(DocumentInput input, TextWriter output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(output);
        var encoding = await DocumentEncoding.DetectAsync(input.Content, input.ContentType, html: false, cancellationToken).ConfigureAwait(false);
        using var reader = new StreamReader(input.Content, encoding, detectEncodingFromByteOrderMarks: true, bufferSize: 64 * 1024, leaveOpen: true);
        var buffer = new char[16 * 1024];
        int read;
        while ((read = await reader.ReadAsync(buffer.AsMemory(), cancellationToken).ConfigureAwait(false)) > 0)
        {
            // A reader over a seekable file may not look at the token itself: the deadline is checked every 16 Ki characters.
            cancellationToken.ThrowIfCancellationRequested();
            await output.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
        }
    }
}
