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
                MarkdownTable.Append(_sink.Block(), HtmlTableRows.Of(node, RenderInline, cancellationToken));
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
                HtmlInlineMarkdown.AppendCode(_inline, node);
                break;
            case "a":
                HtmlInlineMarkdown.AppendLink(_inline, node, RenderInline(node));
                break;
            case "img":
                HtmlInlineMarkdown.AppendImage(_inline, node);
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
        var number = ordered ? HtmlListItems.FirstNumber(list) : 1;
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

            HtmlListItems.Append(items, ordered ? number++.ToString(CultureInfo.InvariantCulture) + ". " : "- ", content);
        }

        _listDepth--;
        if (items.Length > 0)
        {
            _sink.Block(tight: _listDepth > 0).Append(items);
        }
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
