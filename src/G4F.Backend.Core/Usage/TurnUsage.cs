using System.Text.Json.Nodes;
using G4F.Backend.Events;
using Microsoft.Extensions.Logging;

namespace G4F.Backend.Usage;

/// <summary>The usage line a successful conversation turn records itself (PROTOCOL 3.8 step 8).</summary>
internal static partial class TurnUsage
{
    /// <summary><c>{"user", "model", "provider", "label", "prompt_tokens", "completion_tokens", "total_tokens"}</c>.</summary>
    public static UsageLine Line(string? user, string? model, ProviderInfo provider, TokenUsage usage) => UsageJson.ToUsageLine(new JsonObject
    {
        ["user"] = user,
        ["model"] = model,
        ["provider"] = provider.Name,
        ["label"] = provider.Label ?? provider.Name,
        ["prompt_tokens"] = usage.PromptTokens,
        ["completion_tokens"] = usage.CompletionTokens,
        ["total_tokens"] = usage.TotalTokens,
    });

    /// <summary>
    /// Records <paramref name="line"/> off the caller's path and never faults: a usage file that cannot be
    /// written is a warning in the server log, not a broken answer. Not cancelled by the client leaving:
    /// the tokens were spent.
    /// </summary>
    public static Task RecordAsync(IUsageLog usageLog, UsageLine line, ILogger logger) => Task.Run(async () =>
    {
        try
        {
            await usageLog.AppendUsageAsync(line, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            LogRecordFailed(logger, ex);
        }
    });

    [LoggerMessage(Level = LogLevel.Warning, Message = "The usage of a conversation turn could not be recorded")]
    private static partial void LogRecordFailed(ILogger logger, Exception exception);
}
