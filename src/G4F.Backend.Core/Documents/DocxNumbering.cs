using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;

namespace G4F.Backend.Documents;

/// <summary>
/// Turns a DOCX paragraph's numbering (numId + ilvl, resolved through the numbering part to a bullet or a
/// counter format) into a markdown list marker, counting ordered items per list and level.
/// </summary>
internal sealed class DocxNumbering
{
    private const int Levels = 9;

    private readonly Dictionary<int, AbstractNum> _abstracts = [];
    private readonly Dictionary<int, int> _instances = [];
    private readonly Dictionary<int, int[]> _counters = [];

    public DocxNumbering(MainDocumentPart main, OpenXmlBudget budget)
    {
        // Read whole, like the styles: small in real documents, and within the budget or refused.
        if (main.NumberingDefinitionsPart is { } part)
        {
            budget.EnsureWhole(part, "the numbering definitions");
        }

        var numbering = main.NumberingDefinitionsPart?.Numbering;
        if (numbering is null)
        {
            return;
        }

        foreach (var abstractNum in numbering.Elements<AbstractNum>())
        {
            if (abstractNum.AbstractNumberId?.Value is { } id)
            {
                _abstracts.TryAdd(id, abstractNum);
            }
        }

        foreach (var instance in numbering.Elements<NumberingInstance>())
        {
            if (instance.NumberID?.Value is { } id && instance.AbstractNumId?.Val?.Value is { } abstractId)
            {
                _instances.TryAdd(id, abstractId);
            }
        }
    }

    /// <summary>The marker, such as <c>"- "</c> or <c>"2. "</c>, and the item's level (0-8); null when the paragraph is not a list item.</summary>
    public (string Marker, int Level)? Marker(NumberingProperties? properties)
    {
        var numId = properties?.NumberingId?.Val?.Value ?? 0;
        if (numId == 0)
        {
            return null;
        }

        var level = Math.Clamp(properties?.NumberingLevelReference?.Val?.Value ?? 0, 0, Levels - 1);
        var definition = _instances.TryGetValue(numId, out var abstractId) && _abstracts.TryGetValue(abstractId, out var abstractNum)
            ? abstractNum.Elements<Level>().FirstOrDefault(l => l.LevelIndex?.Value == level)
            : null;
        var format = definition?.NumberingFormat?.Val?.Value;
        if (format is null || format == NumberFormatValues.Bullet || format == NumberFormatValues.None)
        {
            return ("- ", level);
        }

        if (!_counters.TryGetValue(numId, out var counters))
        {
            counters = new int[Levels];
            _counters[numId] = counters;
        }

        var start = definition?.StartNumberingValue?.Val?.Value ?? 1;
        counters[level] = counters[level] == 0 ? start : counters[level] + 1;
        Array.Clear(counters, level + 1, Levels - level - 1);
        return (counters[level].ToString(System.Globalization.CultureInfo.InvariantCulture) + ". ", level);
    }
}
