using System.Globalization;
using System.Text;
using HtmlAgilityPack;

namespace G4F.Backend.Documents;

/// <summary>
/// Walks an HTML tree and writes markdown blocks. Inline content collects into the current paragraph until a
/// block element ends it; nested blocks (list items, quotes) render into a scratch writer and are indented or
/// prefixed as a whole. Layout containers at the top are walked asynchronously so big pages stream out.
/// </summary>
internal sealed class HtmlMarkdownRenderer(MarkdownBlockWriter writer, CancellationToken cancellationToken)
{
    private MarkdownBlockWriter _sink = writer;
    private StringBuilder _inline = new();

    // The character before the start of _inline (its enclosing text), so an element's leading space is kept or
    // dropped as the surrounding text demands: "foo<b> bar</b>" keeps it, "<p><b> bar</b>" does not.
    private char _before = '\n';
    private int _inlineOnly;
    private int _listDepth;

    public async Task RenderAsync(HtmlNode root)
    {
        await WalkTopAsync(root).ConfigureAwait(false);
        EndParagraph();
    }

    private async Task WalkTopAsync(HtmlNode node)
    {
        foreach (var child in node.ChildNodes)
        {
            if (child.NodeType == HtmlNodeType.Element && HtmlTags.Containers.Contains(child.Name))
            {
                EndParagraph();
                await WalkTopAsync(child).ConfigureAwait(false);
                EndParagraph();
            }
            else
            {
                Visit(child);
            }

            await _sink.FlushIfLargeAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private void Walk(HtmlNode node)
    {
        foreach (var child in node.ChildNodes)
        {
            Visit(child);
        }
    }

    private void Visit(HtmlNode node)
    {
        // Every node, text and comments too: the walk is the converter's one long loop, and a timed-out conversion must stop.
        cancellationToken.ThrowIfCancellationRequested();
        if (node.NodeType == HtmlNodeType.Text)
        {
            AppendText(System.Net.WebUtility.HtmlDecode(((HtmlTextNode)node).Text));
            return;
        }

        if (node.NodeType != HtmlNodeType.Element || HtmlTags.Dropped.Contains(node.Name))
        {
            return;
        }

        if (_inlineOnly > 0 || !Block(node))
        {
            Inline(node);
        }
    }

    private bool Block(HtmlNode node)
    {
        switch (node.Name)
        {
            case "h1" or "h2" or "h3" or "h4" or "h5" or "h6":
                EndParagraph();
                var heading = RenderInline(node).ReplaceLineEndings(" ").Trim();
                if (heading.Length > 0)
                {
                    _sink.Block().Append('#', node.Name[1] - '0').Append(' ').Append(heading);
                }

                return true;
            case "p" or "li" or "tr" or "th" or "td" or "thead" or "tbody" or "tfoot":
            case var name when HtmlTags.Containers.Contains(name):
                EndParagraph();
                Walk(node);
                EndParagraph();
                return true;
            case "hr":
                EndParagraph();
                _sink.Block().Append("---");
                return true;
            case "ul" or "ol":
                EndParagraph();
                WriteList(node);
                return true;
            case "pre":
                EndParagraph();
                _sink.Block().Append(HtmlTags.CodeBlock(node));
                return true;
            case "blockquote":
                EndParagraph();
                var quote = RenderBlocks(node);
                if (quote.Length > 0)
                {
                    _sink.Block().Append("> ").Append(quote.Replace("\n", "\n> ", StringComparison.Ordinal).Replace("> \n", ">\n", StringComparison.Ordinal));
                }

                return true;
            case "table":
                EndParagraph();
                MarkdownTable.Append(_sink.Block(), TableRows(node));
                return true;
            default:
                return false;
        }
    }

    private void Inline(HtmlNode node)
    {
        switch (node.Name)
        {
            case "br":
                _inline.Append('\n');
                break;
            case "strong" or "b":
                MarkdownText.AppendEmphasis(_inline, RenderInline(node), "**");
                break;
            case "em" or "i":
                MarkdownText.AppendEmphasis(_inline, RenderInline(node), "*");
                break;
            case "del" or "s" or "strike":
                MarkdownText.AppendEmphasis(_inline, RenderInline(node), "~~");
                break;
            case "code" or "kbd" or "samp" or "tt":
                var code = MarkdownText.CollapseWhiteSpace(System.Net.WebUtility.HtmlDecode(node.InnerText)).Trim();
                if (code.Length > 0)
                {
                    _inline.Append(MarkdownText.CodeSpan(code));
                }

                break;
            case "a":
                var rendered = RenderInline(node);
                var href = System.Net.WebUtility.HtmlDecode(node.GetAttributeValue("href", string.Empty)).Trim();
                if (href.Length == 0 || href.StartsWith("javascript:", StringComparison.OrdinalIgnoreCase))
                {
                    AppendRendered(rendered);
                }
                else
                {
                    // Spaces at the edges of the link text belong outside the brackets, as with emphasis.
                    var text = rendered.Trim();
                    _inline.Append(rendered.Length > text.Length && char.IsWhiteSpace(rendered[0]) ? " " : string.Empty)
                        .Append('[').Append(text.Length > 0 ? text : MarkdownText.Escape(href)).Append("](").Append(MarkdownText.LinkUrl(href)).Append(')')
                        .Append(text.Length > 0 && char.IsWhiteSpace(rendered[^1]) ? " " : string.Empty);
                }

                break;
            case "img":
                var alt = new StringBuilder();
                MarkdownText.AppendEscaped(alt, MarkdownText.CollapseWhiteSpace(System.Net.WebUtility.HtmlDecode(node.GetAttributeValue("alt", string.Empty))).Trim());
                var src = System.Net.WebUtility.HtmlDecode(node.GetAttributeValue("src", string.Empty)).Trim();
                if (src.Length > 0 && !src.StartsWith("data:", StringComparison.OrdinalIgnoreCase))
                {
                    _inline.Append("![").Append(alt).Append("](").Append(MarkdownText.LinkUrl(src)).Append(')');
                }
                else
                {
                    _inline.Append(alt);
                }

                break;
            default:
                if (_inlineOnly > 0 && !HtmlTags.IsInlineElement(node.Name))
                {
                    // A block inside a link or a table cell: keep its text apart from its neighbours.
                    _inline.Append(' ');
                    Walk(node);
                    _inline.Append(' ');
                }
                else
                {
                    Walk(node);
                }

                break;
        }
    }

    private void WriteList(HtmlNode list)
    {
        var ordered = list.Name == "ol";
        var number = ordered && int.TryParse(list.GetAttributeValue("start", "1"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var start) ? start : 1;
        var items = new StringBuilder();
        _listDepth++;
        foreach (var item in list.ChildNodes)
        {
            if (item.NodeType != HtmlNodeType.Element || HtmlTags.Dropped.Contains(item.Name))
            {
                continue;
            }

            var content = item.Name is "ul" or "ol" ? RenderBlocksOf(item) : RenderBlocks(item);
            if (content.Length == 0)
            {
                continue;
            }

            var marker = ordered ? number++.ToString(CultureInfo.InvariantCulture) + ". " : "- ";
            var indent = new string(' ', marker.Length);
            items.Append(items.Length > 0 ? "\n" : string.Empty).Append(marker);
            var first = true;
            foreach (var line in content.Split('\n'))
            {
                items.Append(first ? string.Empty : "\n").Append(first || line.Length == 0 ? string.Empty : indent).Append(line);
                first = false;
            }
        }

        _listDepth--;
        if (items.Length > 0)
        {
            _sink.Block(tight: _listDepth > 0).Append(items);
        }
    }

    private List<IReadOnlyList<string>> TableRows(HtmlNode table)
    {
        var rows = new List<IReadOnlyList<string>>();
        var sections = table.ChildNodes.Where(c => c.Name is "thead" or "tbody" or "tfoot").SelectMany(s => s.ChildNodes).Concat(table.ChildNodes);
        foreach (var row in sections.Where(r => r.Name == "tr"))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var cells = new List<string>();
            foreach (var cell in row.ChildNodes.Where(c => c.Name is "td" or "th"))
            {
                cells.Add(RenderInline(cell).Trim());
                var span = Math.Clamp(cell.GetAttributeValue("colspan", 1), 1, 100);
                cells.AddRange(Enumerable.Repeat(string.Empty, span - 1));
            }

            rows.Add(cells);
        }

        return rows;
    }

    // The markdown of an element's children as blocks, without touching the current paragraph or sink.
    private string RenderBlocks(HtmlNode node)
    {
        var (sink, inline, before) = (_sink, _inline, _before);
        (_sink, _inline, _before) = (new MarkdownBlockWriter(TextWriter.Null), new StringBuilder(), '\n');
        Walk(node);
        EndParagraph();
        var text = _sink.ToString();
        (_sink, _inline, _before) = (sink, inline, before);
        return text;
    }

    // A list nested directly in a list (invalid but common) renders as if it were inside an item.
    private string RenderBlocksOf(HtmlNode list)
    {
        var wrapper = HtmlNode.CreateNode("<li></li>");
        wrapper.AppendChild(list.CloneNode(true));
        return RenderBlocks(wrapper);
    }

    private string RenderInline(HtmlNode node)
    {
        var (inline, before) = (_inline, _before);
        _before = inline.Length > 0 ? inline[^1] : before;
        _inline = new StringBuilder();
        _inlineOnly++;
        Walk(node);
        _inlineOnly--;
        var text = _inline.ToString();
        (_inline, _before) = (inline, before);
        return text;
    }

    private void AppendText(string text)
    {
        var collapsed = MarkdownText.CollapseWhiteSpace(text);
        if (collapsed.Length == 0)
        {
            return;
        }

        if (collapsed[0] == ' ' && (_inline.Length > 0 ? _inline[^1] : _before) is ' ' or '\n')
        {
            collapsed = collapsed[1..];
        }

        MarkdownText.AppendEscaped(_inline, collapsed);
    }

    private void AppendRendered(string text)
    {
        if (text.Length > 0)
        {
            _inline.Append(text);
        }
    }

    private void EndParagraph()
    {
        if (_inlineOnly > 0 || _inline.Length == 0)
        {
            return;
        }

        // Line breaks here come only from <br>: hard breaks, so "Title<br>---" stays two lines of text.
        _sink.Add(MarkdownText.HardBreaks(_inline.ToString()));
        _inline.Clear();
    }
}
