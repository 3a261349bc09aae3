using System.Text.Json.Nodes;
using G4F.Backend.Events;

namespace G4F.Backend.Providers;

/// <summary>What one OpenAI streaming chunk carries; a struct, so parsing a chunk allocates only its strings and the content's bytes.</summary>
internal readonly record struct OpenAIChunk
{
    /// <summary>The <c>[DONE]</c> sentinel.</summary>
    public static OpenAIChunk Done { get; } = new() { IsDone = true };

    public bool IsDone { get; init; }

    /// <summary>The top-level <c>model</c>.</summary>
    public string? Model { get; init; }

    /// <summary><c>choices[0].delta.content</c>, unescaped, as UTF-8 (valid: the chunk was checked).</summary>
    public byte[]? Content { get; init; }

    /// <summary><c>choices[0].delta.reasoning_content</c>, else <c>.reasoning</c>.</summary>
    public string? Reasoning { get; init; }

    /// <summary><c>choices[0].delta.tool_calls</c>, a fresh array.</summary>
    public JsonArray? ToolCalls { get; init; }

    /// <summary><c>choices[0].finish_reason</c>.</summary>
    public string? FinishReason { get; init; }

    /// <summary>The top-level <c>usage</c> object.</summary>
    public TokenUsage? Usage { get; init; }

    /// <summary>Set when the chunk carries an <c>error</c>: its message (possibly empty).</summary>
    public string? Error { get; init; }
}
