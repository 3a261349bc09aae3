using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;

namespace G4F.Backend.Documents;

/// <summary>What a DOCX paragraph style means for markdown: its heading level and the list it numbers.</summary>
internal sealed class DocxStyles
{
    // basedOn chains are short in real documents; the cap stops a cyclic or absurd chain.
    private const int MaxChain = 16;

    private readonly Dictionary<string, Style> _styles = new(StringComparer.Ordinal);

    public DocxStyles(MainDocumentPart main, OpenXmlBudget budget)
    {
        // Read whole: a real style sheet is a few thousand elements, and the budget refuses a bloated one.
        if (main.StyleDefinitionsPart is { } part)
        {
            budget.EnsureWhole(part, "the style definitions");
        }

        var styles = main.StyleDefinitionsPart?.Styles;
        if (styles is null)
        {
            return;
        }

        foreach (var style in styles.Elements<Style>())
        {
            if (style.StyleId?.Value is { } id)
            {
                _styles.TryAdd(id, style);
            }
        }
    }

    /// <summary>1-6 for a heading or title style, 0 for body text.</summary>
    public int HeadingLevel(string? styleId)
    {
        for (var i = 0; i < MaxChain && styleId is not null; i++)
        {
            _styles.TryGetValue(styleId, out var style);
            var name = style?.StyleName?.Val?.Value ?? styleId;
            var level = LevelFromName(name);
            if (level == 0 && !ReferenceEquals(name, styleId))
            {
                level = LevelFromName(styleId);
            }

            if (level == 0 && style?.StyleParagraphProperties?.OutlineLevel?.Val?.Value is { } outline and < 6)
            {
                level = outline + 1;
            }

            if (level > 0 || style is null)
            {
                return level;
            }

            styleId = style.BasedOn?.Val?.Value;
        }

        return 0;
    }

    /// <summary>The numbering a style applies to its paragraphs (list styles such as "List Bullet"), or null.</summary>
    public NumberingProperties? Numbering(string? styleId)
    {
        for (var i = 0; i < MaxChain && styleId is not null && _styles.TryGetValue(styleId, out var style); i++)
        {
            if (style.StyleParagraphProperties?.NumberingProperties is { } numbering)
            {
                return numbering;
            }

            styleId = style.BasedOn?.Val?.Value;
        }

        return null;
    }

    // Word's built-in names ("heading 1", "Title") and their usual ids ("Heading1").
    private static int LevelFromName(string name)
    {
        if (name.Equals("title", StringComparison.OrdinalIgnoreCase))
        {
            return 1;
        }

        var rest = name.StartsWith("heading", StringComparison.OrdinalIgnoreCase) ? name.AsSpan(7).Trim() : [];
        return rest.Length == 1 && rest[0] is >= '1' and <= '9' ? Math.Min(rest[0] - '0', 6) : 0;
    }
}
