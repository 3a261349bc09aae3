using System.Xml;
using DocumentFormat.OpenXml.Packaging;

namespace G4F.Backend.Documents;

/// <summary>
/// Limits for DOCX/XLSX/PPTX. An Office file is a ZIP whose parts can expand a thousandfold, so before anything is
/// converted every XML part is read once with a streaming reader (nothing kept but counters) and refused when it is
/// larger than <c>G4F:Buckets:MaxArchiveBytes</c> characters, nests deeper than <see cref="MaxDepth"/> (the SDK builds
/// its DOM recursively: a few KB of nested <c>w:tbl</c> overflow the stack, which no catch can stop), has a start tag
/// longer than <see cref="XmlTagGuardStream.MaxTagBytes"/>, uses more than <see cref="CappedNameTable.MaxNames"/> distinct
/// names, or holds more than <c>MaxOfficePartElements</c> elements.
/// The pre-read also records the size of every piece a converter may load at once (<see cref="OpenXmlBudget"/>).
/// </summary>
internal static class OpenXmlLimits
{
    /// <summary>Real documents nest a few dozen levels (tables in tables, content controls); this leaves ample room.</summary>
    public const int MaxDepth = 256;

    public static OpenSettings Settings(DocumentLimits limits) => new()
    {
        MaxCharactersInPart = MaxCharacters(limits),
        AutoSave = false,
    };

    /// <summary>
    /// Pre-reads every XML part of <paramref name="package"/> and returns what the converter may load; throws
    /// <see cref="DocumentConversionException"/> when a part is too deep, too large or has too many elements.
    /// </summary>
    public static OpenXmlBudget Guard(OpenXmlPackage package, string format, DocumentLimits limits, CancellationToken cancellationToken)
    {
        var budget = new OpenXmlBudget(format, limits.MaxOfficeBlockElements);
        foreach (var part in package.GetAllParts())
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (!budget.Has(part) && IsXml(part.ContentType))
            {
                budget.Add(part, Scan(part, format, MaxCharacters(limits), limits.MaxOfficePartElements, cancellationToken));
            }
        }

        return budget;
    }

    private static long MaxCharacters(DocumentLimits limits) => Math.Max(1, limits.MaxArchiveBytes);

    private static bool IsXml(string contentType) =>
        contentType.EndsWith("+xml", StringComparison.OrdinalIgnoreCase) || contentType.EndsWith("/xml", StringComparison.OrdinalIgnoreCase);

    private static OpenXmlPartShape Scan(OpenXmlPart part, string format, long maxCharacters, int maxElements, CancellationToken cancellationToken)
    {
        var settings = new XmlReaderSettings
        {
            DtdProcessing = DtdProcessing.Prohibit,
            XmlResolver = null,
            MaxCharactersInDocument = maxCharacters,
            IgnoreComments = true,
            IgnoreWhitespace = true,
            CloseInput = true,
            NameTable = new CappedNameTable(format),
        };
        try
        {
            using var reader = XmlReader.Create(new XmlTagGuardStream(part.GetStream(FileMode.Open, FileAccess.Read), format), settings);
            var shape = new OpenXmlPartShape(MaxDepth);
            while (reader.Read())
            {
                if (reader.Depth > MaxDepth)
                {
                    throw new DocumentConversionException($"The {format} file is too deeply nested (more than {MaxDepth} levels).");
                }

                shape.Add(reader);
                if (shape.Elements > maxElements)
                {
                    throw new DocumentConversionException($"The {format} file is too large to read: a part has more than {maxElements} XML elements.");
                }

                if (shape.Nodes % 4096 == 0)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                }
            }

            return shape;
        }
        catch (XmlException ex) when (ex.Message.Contains("MaxCharactersInDocument", StringComparison.Ordinal))
        {
            throw new DocumentConversionException($"The {format} file is too large when unpacked (a part has more than {maxCharacters} characters).", ex);
        }
    }
}
