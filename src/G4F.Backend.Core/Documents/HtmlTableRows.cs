using HtmlAgilityPack;

namespace G4F.Backend.Documents;

/// <summary>The rows of an HTML table as cell texts, for <see cref="MarkdownTable"/>: sections flattened, <c>colspan</c> as empty cells.</summary>
internal static class HtmlTableRows
{
    /// <summary>The rows of <paramref name="table"/>, each cell's text given by <paramref name="renderCell"/>.</summary>
    public static List<IReadOnlyList<string>> Of(HtmlNode table, Func<HtmlNode, string> renderCell, CancellationToken cancellationToken)
    {
        var rows = new List<IReadOnlyList<string>>();
        var sections = table.ChildNodes.Where(c => c.Name is "thead" or "tbody" or "tfoot").SelectMany(s => s.ChildNodes).Concat(table.ChildNodes);
        foreach (var row in sections.Where(r => r.Name == "tr"))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var cells = new List<string>();
            foreach (var cell in row.ChildNodes.Where(c => c.Name is "td" or "th"))
            {
                cells.Add(renderCell(cell).Trim());
                var span = Math.Clamp(cell.GetAttributeValue("colspan", 1), 1, 100);
                cells.AddRange(Enumerable.Repeat(string.Empty, span - 1));
            }

            rows.Add(cells);
        }

        return rows;
    }
}
