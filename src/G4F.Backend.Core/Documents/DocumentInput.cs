namespace G4F.Backend.Documents;

/// <summary>A document handed to an <see cref="IDocumentConverter"/>.</summary>
/// <param name="FileName">The sanitised file name, such as <c>report.pdf</c>.</param>
/// <param name="ContentType">The media type the client sent, or null.</param>
/// <param name="Content">The bytes: readable and seekable, owned by the caller.</param>
public sealed record DocumentInput(string FileName, string? ContentType, Stream Content);
