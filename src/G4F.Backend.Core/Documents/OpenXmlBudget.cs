using DocumentFormat.OpenXml.Packaging;

namespace G4F.Backend.Documents;

/// <summary>
/// The pieces of an Office file a converter may load into memory, from the pre-read of <see cref="OpenXmlLimits"/>:
/// before a piece becomes a DOM (a paragraph through <c>OpenXmlReader.LoadCurrentElement</c>, a small part read
/// whole), the converter asks here, and a piece heavier than <c>G4F:Buckets:MaxOfficeBlockElements</c> is a
/// <see cref="DocumentConversionException"/> instead of gigabytes of objects.
/// </summary>
internal sealed class OpenXmlBudget(string format, int maxBlock)
{
    private readonly Dictionary<Uri, OpenXmlPartShape> _parts = [];

    /// <summary>The most weight one loaded piece may have.</summary>
    public int MaxBlock => maxBlock;

    public bool Has(OpenXmlPart part) => _parts.ContainsKey(part.Uri);

    public void Add(OpenXmlPart part, OpenXmlPartShape shape) => _parts[part.Uri] = shape;

    /// <summary>Throws unless <paramref name="part"/> may be loaded as one DOM (a part the pre-read did not see may not); <paramref name="what"/> names it in the error.</summary>
    public void EnsureWhole(OpenXmlPart part, string what) => Ensure(Shape(part)?.Weight ?? long.MaxValue, what);

    /// <summary>Throws unless every element <paramref name="localName"/> at <paramref name="depth"/> of <paramref name="part"/> may be loaded.</summary>
    public void EnsureBlock(OpenXmlPart part, int depth, string localName, string what) =>
        Ensure(Shape(part) is { } shape ? shape.Largest(depth, localName) : long.MaxValue, what);

    private OpenXmlPartShape? Shape(OpenXmlPart part) => _parts.GetValueOrDefault(part.Uri);

    private void Ensure(long weight, string what)
    {
        if (weight > maxBlock)
        {
            throw new DocumentConversionException($"The {format} file is too large to read: {what} holds more than {maxBlock} XML elements (text counts one per {OpenXmlPartShape.CharsPerUnit} characters).");
        }
    }
}
