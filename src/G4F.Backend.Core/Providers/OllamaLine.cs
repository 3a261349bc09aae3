using System.Text.Json.Nodes;

namespace G4F.Backend.Providers;

/// <summary>What one line of Ollama's NDJSON chat stream carries.</summary>
internal readonly record struct OllamaLine
{
    public string? Model { get; init; }

    /// <summary><c>message.content</c>.</summary>
    public string? Content { get; init; }

    /// <summary><c>message.thinking</c>.</summary>
    public string? Thinking { get; init; }

    /// <summary><c>message.tool_calls</c> already in OpenAI's shape.</summary>
    public JsonArray? ToolCalls { get; init; }

    /// <summary>The <c>error</c> field.</summary>
    public string? Error { get; init; }

    public bool Done { get; init; }

    public string? DoneReason { get; init; }

    public long? PromptEvalCount { get; init; }

    public long? EvalCount { get; init; }
}
