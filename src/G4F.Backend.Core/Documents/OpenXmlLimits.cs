using DocumentFormat.OpenXml.Packaging;

namespace G4F.Backend.Documents;

/// <summary>
/// Open settings for DOCX/XLSX/PPTX: an Office file is a ZIP, so each part is capped at the archive limit
/// (<c>G4F:Buckets:MaxArchiveBytes</c>) in characters; a bombed part fails cleanly instead of filling memory.
/// </summary>
internal static class OpenXmlLimits
{
    public static OpenSettings Settings(G4FBackendOptions options) => new()
    {
        MaxCharactersInPart = Math.Max(1, options.Buckets.MaxArchiveBytes),
        AutoSave = false,
    };
}
