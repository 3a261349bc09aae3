namespace G4F.Backend.Providers;

/// <summary>
/// The property names <see cref="OpenAIChunkParser"/> reads, told apart by length and one byte before a single
/// comparison: a chunk's dozen properties (most of them skipped) would otherwise each be compared with every name the
/// object level knows, one after the other.
/// </summary>
internal enum ChunkField
{
    Other,
    Model,
    Choices,
    Usage,
    Error,
    Delta,
    Message,
    FinishReason,
    Content,
    ReasoningContent,
    Reasoning,
    ToolCalls,
    PromptTokens,
    CompletionTokens,
    TotalTokens,
}
