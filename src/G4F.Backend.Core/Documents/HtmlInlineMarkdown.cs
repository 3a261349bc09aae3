using System.Net;
using System.Text;
using HtmlAgilityPack;

namespace G4F.Backend.Documents;

/// <summary>
/// The markdown of the HTML inline elements that carry more than their children's text: code spans, links and images.
/// <see cref="HtmlMarkdownRenderer"/> walks the tree; these only format what it hands them.
/// </summary>
internal static class HtmlInlineMarkdown
{
    /// <summary>Appends <c>code</c>, <c>kbd</c>, <c>samp</c> or <c>tt</c> as a code span of its whitespace-collapsed text.</summary>
    public static void AppendCode(StringBuilder inline, HtmlNode node)
    {
        var code = MarkdownText.CollapseWhiteSpace(WebUtility.HtmlDecode(node.InnerText)).Trim();
        if (code.Length > 0)
        {
            inline.Append(MarkdownText.CodeSpan(code));
        }
    }

    /// <summary>Appends the link <paramref name="node"/> around its <paramref name="rendered"/> text; the text alone without a usable <c>href</c>.</summary>
    public static void AppendLink(StringBuilder inline, HtmlNode node, string rendered)
    {
        var href = WebUtility.HtmlDecode(node.GetAttributeValue("href", string.Empty)).Trim();
        if (href.Length == 0 || href.StartsWith("javascript:", StringComparison.OrdinalIgnoreCase))
        {
            inline.Append(rendered);
            return;
        }

        // Spaces at the edges of the link text belong outside the brackets, as with emphasis.
        var text = rendered.Trim();
        inline.Append(rendered.Length > text.Length && char.IsWhiteSpace(rendered[0]) ? " " : string.Empty)
            .Append('[').Append(text.Length > 0 ? text : MarkdownText.Escape(href)).Append("](").Append(MarkdownText.LinkUrl(href)).Append(')')
            .Append(text.Length > 0 && char.IsWhiteSpace(rendered[^1]) ? " " : string.Empty);
    }

    /// <summary>Appends the image <paramref name="node"/>; its alt text alone when it has no source or a <c>data:</c> one.</summary>
    public static void AppendImage(StringBuilder inline, HtmlNode node)
    {
        var alt = new StringBuilder();
        MarkdownText.AppendEscaped(alt, MarkdownText.CollapseWhiteSpace(WebUtility.HtmlDecode(node.GetAttributeValue("alt", string.Empty))).Trim());
        var src = WebUtility.HtmlDecode(node.GetAttributeValue("src", string.Empty)).Trim();
        if (src.Length > 0 && !src.StartsWith("data:", StringComparison.OrdinalIgnoreCase))
        {
            inline.Append("![").Append(alt).Append("](").Append(MarkdownText.LinkUrl(src)).Append(')');
        }
        else
        {
            inline.Append(alt);
        }
    }
}
