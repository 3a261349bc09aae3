using System.Text.RegularExpressions;

namespace G4F.Backend.QuickAnswers;

/// <summary>
/// <c>filter_markdown</c> of <c>GET /create</c> (PROTOCOL 4): the code of the first fenced block that has a language tag.
/// The block may be unterminated (an answer cut off by a length limit still yields its code).
/// </summary>
internal static class CodeBlockFilter
{
    /// <summary>
    /// With <paramref name="filter"/> <c>true</c> or <c>1</c> (any case): the first tagged block's code, else the whole
    /// <paramref name="answer"/>. Otherwise <paramref name="filter"/> lists languages: the block's code only when its tag is
    /// contained in the value (<c>json</c> matches a <c>json</c> block, <c>json,yaml</c> both), else an empty string.
    /// </summary>
    public static string Apply(string answer, string filter)
    {
        ArgumentNullException.ThrowIfNull(answer);
        ArgumentNullException.ThrowIfNull(filter);
        var matchAny = filter.Equals("true", StringComparison.OrdinalIgnoreCase) || filter == "1";
        var match = FencedBlock.Match(answer);
        if (match.Success && (matchAny || filter.Contains(match.Groups["tag"].Value, StringComparison.Ordinal)))
        {
            return match.Groups["code"].Value;
        }

        return matchAny ? answer : string.Empty;
    }

    // The tag is the rest of the fence line; the code runs lazily to the next closing fence or the end of the answer
    // ($ also before a final newline, as in the original's Python pattern). The non-backtracking engine matches in time
    // linear in the answer, so no input needs a match timeout (a timeout made the result depend on the machine's load).
    private static readonly Regex FencedBlock = new(@"```(?<tag>.+)\n(?<code>[\s\S]+?)(\n```|$)", RegexOptions.NonBacktracking);
}
