namespace G4F.Backend.AspNetCore.OpenAI;

/// <summary>
/// An upstream's finish reason in OpenAI's set. Upstreams report values of their own (OpenRouter <c>error</c>, DeepSeek
/// <c>insufficient_system_resource</c>, Ollama <c>load</c>), and OpenAI's SDKs read the field as a closed enum: the .NET
/// SDK throws on any other value, so one such value broke the whole answer. The g4f route keeps the upstream's value.
/// </summary>
internal static class OpenAIFinishReasons
{
    /// <summary>The value an upstream uses for an answer it failed to finish (OpenRouter); a failure at <c>/v1</c>, not a finish.</summary>
    public const string Error = "error";

    /// <summary>OpenAI's own value for <paramref name="reason"/> (any case); <c>stop</c> for a value outside OpenAI's set.</summary>
    public static string Map(string reason) => reason.ToLowerInvariant() switch
    {
        "length" => "length",
        "tool_calls" => "tool_calls",
        "content_filter" => "content_filter",
        "function_call" => "function_call",
        _ => "stop",
    };

    public static bool IsError(string reason) => string.Equals(reason, Error, StringComparison.OrdinalIgnoreCase);
}
