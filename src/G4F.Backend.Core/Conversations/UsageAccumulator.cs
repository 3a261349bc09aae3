using G4F.Backend.Events;

namespace G4F.Backend.Conversations;

/// <summary>
/// Sums the completion estimate of one turn's answer text, for the <c>usage</c> event the server
/// synthesises when the upstream sent none.
/// </summary>
/// <remarks>
/// Feed it the provider's events before the <c>&lt;think&gt;</c> split (the <see cref="UsageStep"/> comes first): the
/// original counts the raw text chunks, so thinking written inline in the content counts, while upstream reasoning
/// (<c>reasoning_content</c>), media blocks and the web-search sources do not.
/// </remarks>
internal sealed class UsageAccumulator
{
    /// <summary>The completion tokens counted so far.</summary>
    public long CompletionTokens { get; private set; }

    /// <summary>Counts <paramref name="responseEvent"/> when it is answer text; ignores everything else.</summary>
    /// <param name="responseEvent">Any event of the turn.</param>
    public void Add(ResponseEvent responseEvent)
    {
        ArgumentNullException.ThrowIfNull(responseEvent);
        if (responseEvent is ContentEvent { Urls: null, Data: null } content)
        {
            CompletionTokens += UsageEstimator.EstimateCompletionTokens(content.Utf8Length);
        }
    }

    /// <summary>The usage of the turn with the given prompt estimate.</summary>
    /// <param name="promptTokens">From <see cref="UsageEstimator.EstimatePromptTokens"/>.</param>
    /// <returns>Prompt, completion and total tokens.</returns>
    public TokenUsage Estimate(long promptTokens) => new(promptTokens, CompletionTokens, promptTokens + CompletionTokens);
}
