using System.Globalization;
using System.Text;
using HtmlAgilityPack;

namespace G4F.Backend.Documents;

/// <summary>The markers and indentation of an HTML list's items in markdown; the items' content is rendered by <see cref="HtmlMarkdownRenderer"/>.</summary>
internal static class HtmlListItems
{
    /// <summary>The number of an ordered list's first item (its <c>start</c> attribute, else 1).</summary>
    public static int FirstNumber(HtmlNode list) =>
        int.TryParse(list.GetAttributeValue("start", "1"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var start) ? start : 1;

    /// <summary>Appends one item: <paramref name="marker"/> before its first line, the following lines indented under it.</summary>
    public static void Append(StringBuilder items, string marker, string content)
    {
        var indent = new string(' ', marker.Length);
        items.Append(items.Length > 0 ? "\n" : string.Empty).Append(marker);
        var first = true;
        foreach (var line in content.Split('\n'))
        {
            items.Append(first ? string.Empty : "\n").Append(first || line.Length == 0 ? string.Empty : indent).Append(line);
            first = false;
        }
    }
}
