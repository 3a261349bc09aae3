namespace G4F.Backend.Telemetry;

/// <summary>
/// Attribute and instrument names of the OpenTelemetry GenAI semantic conventions the backend emits, and the backend's
/// own (<c>g4f.*</c>) where the conventions have none.
/// </summary>
internal static class GenAiNames
{
    public const string OperationName = "gen_ai.operation.name";
    public const string ProviderName = "gen_ai.provider.name";
    public const string RequestModel = "gen_ai.request.model";
    public const string ResponseModel = "gen_ai.response.model";
    public const string InputTokens = "gen_ai.usage.input_tokens";
    public const string OutputTokens = "gen_ai.usage.output_tokens";
    public const string TokenType = "gen_ai.token.type";
    public const string ErrorType = "error.type";

    /// <summary>The route the turn asked for: a provider's name or <c>AnyProvider</c>.</summary>
    public const string Route = "g4f.route";

    /// <summary>Which candidate of the turn an upstream attempt is, from 1.</summary>
    public const string Attempt = "g4f.fallback.attempt";

    /// <summary>How many upstream attempts a turn made.</summary>
    public const string Attempts = "g4f.fallback.attempts";

    /// <summary>The one operation the backend runs: a chat completion.</summary>
    public const string Chat = "chat";

    public const string Input = "input";
    public const string Output = "output";

    /// <summary>
    /// OpenTelemetry's value for an attribute whose value is not one of a known set: a model the provider is not known to
    /// serve. Callers choose the model, so naming whatever they sent would let anyone create metric series without bound.
    /// </summary>
    public const string Other = "_OTHER";

    /// <summary>The error type of a turn or attempt whose reader stopped before it ended (a client disconnect).</summary>
    public const string Canceled = "canceled";

    public const string TokenUsageMetric = "gen_ai.client.token.usage";
    public const string ClientDurationMetric = "gen_ai.client.operation.duration";
    public const string ServerDurationMetric = "gen_ai.server.request.duration";
    public const string TimeToFirstTokenMetric = "gen_ai.server.time_to_first_token";
    public const string FallbacksMetric = "g4f.fallbacks";
    public const string UpstreamFailuresMetric = "g4f.upstream.failures";
    public const string TurnFailuresMetric = "g4f.turn.failures";

    /// <summary>The longest model or provider name a tag carries: a client names the model, and tags are no place for a novel.</summary>
    public const int MaxTagLength = 128;

    /// <summary>The conventions' advised boundaries of <c>gen_ai.client.token.usage</c>.</summary>
    public static readonly IReadOnlyList<long> TokenBuckets =
        [1, 4, 16, 64, 256, 1024, 4096, 16384, 65536, 262144, 1048576, 4194304, 16777216, 67108864];

    /// <summary>The conventions' advised boundaries of the operation and request durations, in seconds.</summary>
    public static readonly IReadOnlyList<double> DurationBuckets =
        [0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12, 10.24, 20.48, 40.96, 81.92];

    /// <summary>The conventions' advised boundaries of <c>gen_ai.server.time_to_first_token</c>, in seconds.</summary>
    public static readonly IReadOnlyList<double> FirstTokenBuckets =
        [0.001, 0.005, 0.01, 0.02, 0.04, 0.06, 0.08, 0.1, 0.25, 0.5, 0.75, 1.0, 2.5, 5.0, 7.5, 10.0];

    /// <summary>A name as a tag value: cut to <see cref="MaxTagLength"/>.</summary>
    public static string? Bound(string? value) =>
        value is { Length: > MaxTagLength } ? value[..MaxTagLength] : value;
}
