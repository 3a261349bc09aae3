using System.Text;

namespace G4F.Backend.Search;

/// <summary>
/// The text of PROTOCOL 3.8 item 2, worded as the original: result blocks, the prompt that wraps them around the
/// user's request, and the sources content that follows the answer.
/// </summary>
internal static class SearchPrompt
{
    /// <summary>The original's instruction, with its leading and trailing line breaks.</summary>
    public const string DefaultInstructions =
        "\nUsing the provided web search results, to write a comprehensive reply to the user request.\n"
        + "Make sure to add the sources of cites using [[Number]](Url) notation after the reference. Example: [[0]](http://google.com)\n";

    /// <summary>
    /// One block per result, numbered from 0: <c>### Title: t</c>, blank line, page text (or the snippet), blank line,
    /// <c>&gt; **Source:** [[n]](url)</c>; blocks separated by three blank lines.
    /// </summary>
    public static string Blocks(IReadOnlyList<WebSearchResult> results)
    {
        ArgumentNullException.ThrowIfNull(results);
        var builder = new StringBuilder();
        for (var i = 0; i < results.Count; i++)
        {
            var result = results[i];
            if (i > 0)
            {
                builder.Append("\n\n\n\n");
            }

            builder.Append("### Title: ").Append(result.Title).Append("\n\n")
                .Append(string.IsNullOrEmpty(result.Text) ? result.Snippet : result.Text)
                .Append("\n\n> **Source:** [[").Append(i).Append("]](").Append(result.Url).Append(')');
        }

        return builder.ToString();
    }

    /// <summary>
    /// The new content of the last message: the blocks, <c>Instruction: </c> and the instructions (none when empty),
    /// <c>User request:</c> and the original text; outer white space trimmed.
    /// </summary>
    public static string Prompt(string blocks, string instructions, string request) =>
        (instructions.Length > 0
            ? $"{blocks}\n\nInstruction: {instructions}\n\nUser request:\n{request}"
            : $"{blocks}\n\n{request}").Trim();

    /// <summary>Whether <paramref name="content"/> already carries search results for these instructions.</summary>
    public static bool HasInstructions(string content, string instructions) =>
        instructions.Trim() is { Length: > 0 } trimmed && content.Contains(trimmed, StringComparison.Ordinal);

    /// <summary>
    /// The sources content event's text: <c>"\n\n\n\n&gt; [0] [Title](url)\n&gt;\n&gt; [1] ..."</c>, or null when there are no results.
    /// </summary>
    public static string? Sources(IReadOnlyList<WebSearchResult> results)
    {
        ArgumentNullException.ThrowIfNull(results);
        if (results.Count == 0)
        {
            return null;
        }

        var builder = new StringBuilder("\n\n\n\n");
        for (var i = 0; i < results.Count; i++)
        {
            if (i > 0)
            {
                builder.Append("\n>\n");
            }

            builder.Append("> [").Append(i).Append("] ").Append(SourceLink.Format(SourceLink.WithoutTracking(results[i].Url), results[i].Title));
        }

        return builder.ToString();
    }
}
