using System.Net;
using System.Text;
using G4F.Backend.Documents;
using HtmlAgilityPack;

namespace G4F.Backend.Search;

/// <summary>
/// The readable text of a result page as lines of words: scripts, styles, navigation, headers, footers, asides and
/// forms are dropped; <c>main</c> or <c>article</c> is preferred over the whole body; repeated lines (menus, cookie
/// notices) appear once. Plain text rather than the bucket converter's markdown: links and images would spend the
/// prompt's word budget on URLs.
/// </summary>
internal sealed class PageText
{
    private static readonly HashSet<string> Skipped = new(HtmlTags.Dropped, StringComparer.Ordinal)
    {
        "nav", "header", "footer", "aside", "form", "menu", "dialog",
    };

    private static readonly string[] Roots = ["//main", "//article", "//*[@role='main']", "//*[@id='content']", "//*[@id='mainContent']", "//body"];

    private readonly List<string[]> _lines;

    private PageText(List<string[]> lines)
    {
        _lines = lines;
        WordCount = lines.Sum(l => l.Length);
    }

    /// <summary>The number of words.</summary>
    public int WordCount { get; }

    /// <summary>Reads <paramref name="html"/>, keeping at most <paramref name="maxWords"/> words.</summary>
    public static PageText FromHtml(string html, int maxWords)
    {
        var document = new HtmlDocument { OptionMaxNestedChildNodes = 256 };
        document.LoadHtml(html);
        foreach (var xpath in Roots)
        {
            // A main element that holds nothing readable (filled in by script) must not hide the body's text.
            if (document.DocumentNode.SelectSingleNode(xpath) is { } root && Extract(root, maxWords) is { WordCount: > 0 } text)
            {
                return text;
            }
        }

        return Extract(document.DocumentNode, maxWords);
    }

    /// <summary>Plain text (a <c>text/plain</c> page or a snippet), keeping at most <paramref name="maxWords"/> words.</summary>
    public static PageText FromPlainText(string text, int maxWords)
    {
        var lines = new Lines(maxWords);
        foreach (var line in text.Split('\n'))
        {
            lines.Add(line);
        }

        return new PageText(lines.Result);
    }

    /// <summary>The first <paramref name="words"/> words, line breaks kept.</summary>
    public string Take(int words)
    {
        var builder = new StringBuilder();
        foreach (var line in _lines)
        {
            if (words <= 0)
            {
                break;
            }

            if (builder.Length > 0)
            {
                builder.Append('\n');
            }

            builder.AppendJoin(' ', line.Take(words));
            words -= line.Length;
        }

        return builder.ToString();
    }

    /// <summary>The whole text.</summary>
    public override string ToString() => Take(WordCount);

    private static PageText Extract(HtmlNode root, int maxWords)
    {
        var lines = new Lines(maxWords);
        var current = new StringBuilder();

        // Iterative walk with an end-of-element entry per element: deep pages must not overflow the stack.
        var stack = new Stack<(HtmlNode Node, bool Leaving)>();
        stack.Push((root, false));
        while (stack.Count > 0 && !lines.Full)
        {
            var (node, leaving) = stack.Pop();
            var inline = HtmlTags.IsInlineElement(node.Name) || node.Name is "b" or "i" or "em" or "strong" or "code" or "kbd" or "s" or "del" or "tt";
            if (leaving)
            {
                if (!inline)
                {
                    lines.Add(current.ToString());
                    current.Clear();
                }

                continue;
            }

            switch (node.NodeType)
            {
                case HtmlNodeType.Text:
                    current.Append(WebUtility.HtmlDecode(((HtmlTextNode)node).Text));
                    continue;
                case HtmlNodeType.Element when node.Name == "br":
                    lines.Add(current.ToString());
                    current.Clear();
                    continue;
                case HtmlNodeType.Element when Skipped.Contains(node.Name):
                    continue;
                case HtmlNodeType.Element or HtmlNodeType.Document:
                    break;
                default:
                    continue;
            }

            if (!inline)
            {
                lines.Add(current.ToString());
                current.Clear();
            }

            stack.Push((node, true));
            for (var i = node.ChildNodes.Count - 1; i >= 0; i--)
            {
                stack.Push((node.ChildNodes[i], false));
            }
        }

        lines.Add(current.ToString());
        return new PageText(lines.Result);
    }

    /// <summary>Collects distinct non-empty lines as words until the budget is spent.</summary>
    private sealed class Lines(int maxWords)
    {
        private readonly HashSet<string> _seen = new(StringComparer.Ordinal);
        private int _left = Math.Max(0, maxWords);

        public List<string[]> Result { get; } = [];

        public bool Full => _left <= 0;

        public void Add(string text)
        {
            if (Full)
            {
                return;
            }

            var words = text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (words.Length == 0 || !_seen.Add(string.Join(' ', words)))
            {
                return;
            }

            if (words.Length > _left)
            {
                words = words[.._left];
            }

            _left -= words.Length;
            Result.Add(words);
        }
    }
}
