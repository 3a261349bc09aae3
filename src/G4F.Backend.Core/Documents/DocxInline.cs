using System.Text;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;

namespace G4F.Backend.Documents;

/// <summary>
/// The inline markdown of a DOCX paragraph: runs with the same bold/italic/link are merged first, so adjacent runs
/// do not produce <c>**a****b**</c>; hyperlinks resolve their relationship id to the URL.
/// </summary>
internal sealed class DocxInline(MainDocumentPart main)
{
    // Inline containers (content controls, insertions, fields) nest only a few levels in real documents.
    private const int MaxDepth = 32;

    private readonly Dictionary<string, string> _links = main.HyperlinkRelationships
        .ToDictionary(r => r.Id, r => r.Uri.OriginalString, StringComparer.Ordinal);

    public string Render(OpenXmlElement paragraph)
    {
        var segments = new List<Segment>();
        Collect(paragraph, null, segments, 0);
        var builder = new StringBuilder();
        var i = 0;
        while (i < segments.Count)
        {
            var link = segments[i].Link;
            var inner = new StringBuilder();
            for (; i < segments.Count && segments[i].Link == link; i++)
            {
                var segment = segments[i];
                var text = new StringBuilder();
                MarkdownText.AppendEscaped(text, segment.Text);
                var marker = (segment.Bold, segment.Italic) switch
                {
                    (true, true) => "***",
                    (true, false) => "**",
                    (false, true) => "*",
                    _ => string.Empty,
                };
                MarkdownText.AppendEmphasis(inner, text.ToString(), marker);
            }

            var rendered = inner.ToString();
            var trimmed = rendered.Trim();
            if (link is null || trimmed.Length == 0)
            {
                builder.Append(rendered);
            }
            else
            {
                // Spaces at the edges of the link text belong outside the brackets, as with emphasis.
                builder.Append(char.IsWhiteSpace(rendered[0]) ? " " : string.Empty)
                    .Append('[').Append(trimmed).Append("](").Append(MarkdownText.LinkUrl(link)).Append(')')
                    .Append(char.IsWhiteSpace(rendered[^1]) ? " " : string.Empty);
            }
        }

        return builder.ToString();
    }

    private void Collect(OpenXmlElement element, string? link, List<Segment> segments, int depth)
    {
        if (depth > MaxDepth)
        {
            return;
        }

        foreach (var child in element.ChildElements)
        {
            switch (child)
            {
                case Run run:
                    AddRun(run, link, segments);
                    break;
                case Hyperlink hyperlink:
                    var target = hyperlink.Id?.Value is { } id && _links.TryGetValue(id, out var url) ? url
                        : hyperlink.Anchor?.Value is { } anchor ? "#" + anchor
                        : link;
                    Collect(hyperlink, target, segments, depth + 1);
                    break;
                case DeletedRun or MoveFromRun or ParagraphProperties:
                    break;
                default:
                    if (child.HasChildren)
                    {
                        Collect(child, link, segments, depth + 1);
                    }

                    break;
            }
        }
    }

    private static void AddRun(Run run, string? link, List<Segment> segments)
    {
        var text = new StringBuilder();
        foreach (var part in run.ChildElements)
        {
            switch (part)
            {
                case Text t:
                    text.Append(t.Text);
                    break;
                case TabChar:
                    text.Append('\t');
                    break;
                case Break br when br.Type is null || br.Type.Value == BreakValues.TextWrapping:
                case CarriageReturn:
                    text.Append('\n');
                    break;
                case NoBreakHyphen:
                    text.Append('-');
                    break;
            }
        }

        if (text.Length == 0)
        {
            return;
        }

        var properties = run.RunProperties;
        var bold = IsOn(properties?.Bold);
        var italic = IsOn(properties?.Italic);
        if (segments.Count > 0 && segments[^1] is var last && last.Bold == bold && last.Italic == italic && last.Link == link)
        {
            segments[^1] = last with { Text = last.Text + text };
            return;
        }

        segments.Add(new Segment(text.ToString(), bold, italic, link));
    }

    private static bool IsOn(OnOffType? toggle) => toggle is not null && (toggle.Val is null || toggle.Val.Value);

    private sealed record Segment(string Text, bool Bold, bool Italic, string? Link);
}
