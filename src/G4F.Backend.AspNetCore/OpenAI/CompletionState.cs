using System.Security.Cryptography;
using G4F.Backend.Events;

namespace G4F.Backend.AspNetCore.OpenAI;

/// <summary>
/// What a completion learns from the turn's events besides its text: the model the upstream reports, the provider, the
/// finish reason and the usage. Shared by the streamed and the whole answer so both say the same.
/// </summary>
/// <param name="requestedModel">The model asked for, reported until the upstream names its own.</param>
/// <param name="timeProvider">The clock of <see cref="Created"/>.</param>
/// <param name="whole">Whether the answer is collected whole, so the tool calls' arguments must be kept.</param>
internal sealed class CompletionState(string? requestedModel, TimeProvider timeProvider, bool whole)
{
    private string _finishReason = "stop";

    public string Id { get; } = "chatcmpl-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));

    public long Created { get; } = timeProvider.GetUtcNow().ToUnixTimeSeconds();

    public string Model { get; private set; } = requestedModel ?? string.Empty;

    public string? Provider { get; private set; }

    /// <summary>
    /// The upstream's finish reason in OpenAI's set (<see cref="OpenAIFinishReasons"/>: a value outside it is <c>stop</c>);
    /// <c>tool_calls</c> when tools were called and the upstream said only <c>stop</c> (Ollama does).
    /// </summary>
    public string FinishReason => _finishReason == "stop" && ToolCalls.Any ? "tool_calls" : _finishReason;

    /// <summary>The tool calls of the answer so far.</summary>
    public ToolCallTracker ToolCalls { get; } = new(keepArguments: whole);

    public TokenUsage? Usage { get; private set; }

    /// <summary>Takes what <paramref name="responseEvent"/> tells about the answer; true when it was such an event.</summary>
    public bool Observe(ResponseEvent responseEvent)
    {
        switch (responseEvent)
        {
            case ProviderEvent { Provider: var provider }:
                Provider = provider.Name;
                if (!string.IsNullOrEmpty(provider.Model))
                {
                    Model = provider.Model;
                }

                return true;
            case FinishEvent finish:
                _finishReason = OpenAIFinishReasons.Map(finish.Finish.Reason);
                return true;
            case UsageEvent usage:
                Usage = usage.Usage;
                if (!string.IsNullOrEmpty(usage.Model))
                {
                    Model = usage.Model;
                }

                return true;
            default:
                return false;
        }
    }
}
