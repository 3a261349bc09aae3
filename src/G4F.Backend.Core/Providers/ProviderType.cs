namespace G4F.Backend.Providers;

/// <summary>The wire dialect of an upstream provider.</summary>
public enum ProviderType
{
    /// <summary>OpenAI chat completions: <c>POST {BaseUrl}/chat/completions</c> streamed as SSE, models from <c>GET {BaseUrl}/models</c>.</summary>
    OpenAICompatible,

    /// <summary>Ollama: <c>POST {BaseUrl}/api/chat</c> streamed as NDJSON, models from <c>GET {BaseUrl}/api/tags</c>.</summary>
    Ollama,

    /// <summary>Any <c>Microsoft.Extensions.AI.IChatClient</c> registered with <c>AddChatClientProvider</c>.</summary>
    ChatClient,
}
