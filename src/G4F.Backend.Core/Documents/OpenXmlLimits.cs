using System.Xml;
using DocumentFormat.OpenXml.Packaging;

namespace G4F.Backend.Documents;

/// <summary>
/// Limits for DOCX/XLSX/PPTX. An Office file is a ZIP, so each part is capped at the archive limit
/// (<c>G4F:Buckets:MaxArchiveBytes</c>) in characters; and because the SDK builds its DOM recursively (a few KB of
/// nested <c>w:tbl</c> or <c>w:hyperlink</c> overflow the stack, which no catch can stop), every XML part is first
/// read with a streaming reader and refused when it nests deeper than <see cref="MaxDepth"/>.
/// </summary>
internal static class OpenXmlLimits
{
    /// <summary>Real documents nest a few dozen levels (tables in tables, content controls); this leaves ample room.</summary>
    public const int MaxDepth = 256;

    public static OpenSettings Settings(G4FBackendOptions options) => new()
    {
        MaxCharactersInPart = MaxCharacters(options),
        AutoSave = false,
    };

    /// <summary>Throws <see cref="DocumentConversionException"/> when any XML part of <paramref name="package"/> is too deep or too large.</summary>
    public static void Guard(OpenXmlPackage package, string format, G4FBackendOptions options, CancellationToken cancellationToken)
    {
        var seen = new HashSet<Uri>();
        foreach (var part in package.GetAllParts())
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (seen.Add(part.Uri) && IsXml(part.ContentType))
            {
                Scan(part, format, MaxCharacters(options), cancellationToken);
            }
        }
    }

    private static long MaxCharacters(G4FBackendOptions options) => Math.Max(1, options.Buckets.MaxArchiveBytes);

    private static bool IsXml(string contentType) =>
        contentType.EndsWith("+xml", StringComparison.OrdinalIgnoreCase) || contentType.EndsWith("/xml", StringComparison.OrdinalIgnoreCase);

    private static void Scan(OpenXmlPart part, string format, long maxCharacters, CancellationToken cancellationToken)
    {
        var settings = new XmlReaderSettings
        {
            DtdProcessing = DtdProcessing.Prohibit,
            XmlResolver = null,
            MaxCharactersInDocument = maxCharacters,
            IgnoreComments = true,
            IgnoreWhitespace = true,
            CloseInput = true,
        };
        try
        {
            using var reader = XmlReader.Create(part.GetStream(FileMode.Open, FileAccess.Read), settings);
            var count = 0;
            while (reader.Read())
            {
                if (reader.Depth > MaxDepth)
                {
                    throw new DocumentConversionException($"The {format} file is too deeply nested (more than {MaxDepth} levels).");
                }

                if (++count % 65_536 == 0)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                }
            }
        }
        catch (XmlException ex) when (ex.Message.Contains("MaxCharactersInDocument", StringComparison.Ordinal))
        {
            throw new DocumentConversionException($"The {format} file is too large when unpacked (a part has more than {maxCharacters} characters).", ex);
        }
    }
}
