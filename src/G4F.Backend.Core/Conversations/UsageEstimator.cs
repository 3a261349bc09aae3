using System.Text;
using System.Text.Json.Nodes;
using static G4F.Backend.Providers.JsonNodeReader;

namespace G4F.Backend.Conversations;

/// <summary>
/// The original's token estimate for upstreams that report no usage (PROTOCOL 3.5 <c>usage</c>):
/// four UTF-8 bytes per token, plus fixed costs per message and for the start of the prompt.
/// </summary>
internal static class UsageEstimator
{
    private const long PromptStartTokens = 1;
    private const long PerPartTokens = 4;

    /// <summary>
    /// Estimates the prompt: 1, plus ⌊bytes / 4⌋ + 4 for every message whose content is a string,
    /// plus, for array contents, ⌊bytes / 4⌋ of each string item or <c>text</c> part and 4 for
    /// every item (non-text parts too). Messages with other content count nothing.
    /// </summary>
    /// <param name="messages">The messages as sent upstream.</param>
    /// <returns>The estimated prompt tokens.</returns>
    public static long EstimatePromptTokens(JsonArray messages)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var tokens = PromptStartTokens;
        foreach (var message in messages)
        {
            var content = (message as JsonObject)?["content"];
            if (GetString(content) is { } text)
            {
                tokens += Utf8Bytes(text) / 4 + PerPartTokens;
            }
            else if (content is JsonArray parts)
            {
                foreach (var part in parts)
                {
                    if ((GetString(part) ?? GetString((part as JsonObject)?["text"])) is { } item)
                    {
                        tokens += Utf8Bytes(item) / 4;
                    }

                    tokens += PerPartTokens;
                }
            }
        }

        return tokens;
    }

    /// <summary>Estimates one answer chunk: bytes / 4 rounded half to even, as Python's <c>round</c>.</summary>
    /// <param name="chunk">A text chunk of the answer.</param>
    /// <returns>The estimated tokens of the chunk.</returns>
    public static long EstimateCompletionTokens(string chunk)
    {
        ArgumentNullException.ThrowIfNull(chunk);
        return EstimateCompletionTokens(Utf8Bytes(chunk));
    }

    /// <summary>Estimates one answer chunk of <paramref name="bytes"/> UTF-8 bytes, as <see cref="EstimateCompletionTokens(string)"/>.</summary>
    /// <param name="bytes">The chunk's length in UTF-8.</param>
    /// <returns>The estimated tokens of the chunk.</returns>
    public static long EstimateCompletionTokens(long bytes)
    {
        var quotient = bytes / 4;
        return (bytes % 4) switch
        {
            < 2 => quotient,
            > 2 => quotient + 1,
            _ => quotient % 2 == 0 ? quotient : quotient + 1,
        };
    }

    private static long Utf8Bytes(string text) => Encoding.UTF8.GetByteCount(text);
}
