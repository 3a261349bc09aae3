using System.Buffers;
using System.Text.Json;

namespace G4F.Backend.Providers;

/// <summary>Names the property the reader is on as a <see cref="ChunkField"/>.</summary>
internal static class ChunkFields
{
    // An escaped name is at most six bytes a character; the longest known name has 17.
    private const int MaxEscapedNameBytes = 17 * 6;

    /// <summary>The known name the current property has (escapes read as text), else <see cref="ChunkField.Other"/>.</summary>
    public static ChunkField Of(ref Utf8JsonReader reader)
    {
        if (!reader.ValueIsEscaped)
        {
            return reader.HasValueSequence ? Of(reader.ValueSequence.ToArray()) : Of(reader.ValueSpan);
        }

        var raw = reader.HasValueSequence ? reader.ValueSequence.Length : reader.ValueSpan.Length;
        if (raw > MaxEscapedNameBytes)
        {
            return ChunkField.Other;
        }

        Span<byte> name = stackalloc byte[MaxEscapedNameBytes];
        return Of(name[..reader.CopyString(name)]);
    }

    private static ChunkField Of(ReadOnlySpan<byte> name) => name.Length switch
    {
        5 => name[0] switch
        {
            (byte)'m' => Is(name, "model"u8, ChunkField.Model),
            (byte)'u' => Is(name, "usage"u8, ChunkField.Usage),
            (byte)'e' => Is(name, "error"u8, ChunkField.Error),
            (byte)'d' => Is(name, "delta"u8, ChunkField.Delta),
            _ => ChunkField.Other,
        },
        7 => name[0] switch
        {
            (byte)'c' => name[1] == (byte)'h' ? Is(name, "choices"u8, ChunkField.Choices) : Is(name, "content"u8, ChunkField.Content),
            (byte)'m' => Is(name, "message"u8, ChunkField.Message),
            _ => ChunkField.Other,
        },
        9 => Is(name, "reasoning"u8, ChunkField.Reasoning),
        10 => Is(name, "tool_calls"u8, ChunkField.ToolCalls),
        12 => Is(name, "total_tokens"u8, ChunkField.TotalTokens),
        13 => name[0] == (byte)'f' ? Is(name, "finish_reason"u8, ChunkField.FinishReason) : Is(name, "prompt_tokens"u8, ChunkField.PromptTokens),
        17 => name[0] == (byte)'r' ? Is(name, "reasoning_content"u8, ChunkField.ReasoningContent) : Is(name, "completion_tokens"u8, ChunkField.CompletionTokens),
        _ => ChunkField.Other,
    };

    private static ChunkField Is(ReadOnlySpan<byte> name, ReadOnlySpan<byte> known, ChunkField field) =>
        name.SequenceEqual(known) ? field : ChunkField.Other;
}
