using HtmlAgilityPack;

namespace G4F.Backend.Documents;

/// <summary>What the HTML converter knows about elements: which to drop, which are layout, how code and URLs are written.</summary>
internal static class HtmlTags
{
    /// <summary>Elements whose content a reader never sees as text.</summary>
    public static readonly HashSet<string> Dropped = new(StringComparer.Ordinal)
    {
        "script", "style", "noscript", "template", "head", "title", "svg", "iframe", "object", "embed", "canvas", "select", "button", "input", "textarea",
    };

    /// <summary>Layout elements: their content is blocks, they add no markup of their own.</summary>
    public static readonly HashSet<string> Containers = new(StringComparer.Ordinal)
    {
        "html", "body", "div", "section", "article", "main", "header", "footer", "nav", "aside", "figure", "figcaption",
        "address", "details", "summary", "form", "fieldset", "dl", "dt", "dd", "center", "hgroup", "caption", "legend",
    };

    /// <summary>A fenced code block for a <c>pre</c> element, in the language its class names.</summary>
    public static string CodeBlock(HtmlNode pre)
    {
        var code = pre.ChildNodes.FirstOrDefault(c => c.Name == "code");
        var language = Language(code) ?? Language(pre) ?? string.Empty;
        var text = PreText(pre).ReplaceLineEndings("\n");
        text = (text.StartsWith('\n') ? text[1..] : text).TrimEnd();
        var fence = MarkdownText.Fence(text);
        return fence + language + "\n" + text + "\n" + fence;
    }

    // The text of a pre element with its <br> elements as line breaks (InnerText drops them). Iterative: the
    // parser already bounds nesting, but a stack needs no such promise.
    private static string PreText(HtmlNode pre)
    {
        var builder = new System.Text.StringBuilder();
        var stack = new Stack<HtmlNode>();
        stack.Push(pre);
        while (stack.Count > 0)
        {
            var node = stack.Pop();
            if (node.NodeType == HtmlNodeType.Text)
            {
                builder.Append(System.Net.WebUtility.HtmlDecode(((HtmlTextNode)node).Text));
            }
            else if (node.Name == "br")
            {
                builder.Append('\n');
            }
            else if (node.NodeType == HtmlNodeType.Element && !Dropped.Contains(node.Name) || node == pre)
            {
                for (var i = node.ChildNodes.Count - 1; i >= 0; i--)
                {
                    stack.Push(node.ChildNodes[i]);
                }
            }
        }

        return builder.ToString();
    }

    /// <summary>Phrasing elements that may sit inside a link or a table cell without separating text.</summary>
    public static bool IsInlineElement(string name) =>
        name is "span" or "a" or "abbr" or "cite" or "q" or "small" or "sub" or "sup" or "u" or "mark" or "label" or "time" or "font" or "bdi" or "bdo" or "var" or "dfn" or "data" or "ins";

    /// <summary>The language of a <c>language-x</c> or <c>lang-x</c> class, or null.</summary>
    public static string? Language(HtmlNode? node)
    {
        foreach (var name in node?.GetClasses() ?? [])
        {
            foreach (var prefix in (string[])["language-", "lang-"])
            {
                if (name.StartsWith(prefix, StringComparison.OrdinalIgnoreCase) && name.Length > prefix.Length)
                {
                    return MarkdownText.OneLine(name[prefix.Length..]);
                }
            }
        }

        return null;
    }
}
