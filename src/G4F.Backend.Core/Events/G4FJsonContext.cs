using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace G4F.Backend.Events;

/// <summary>Source-generated JSON metadata of the event records and the protocol shapes they use.</summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ProviderEvent))]
[JsonSerializable(typeof(ParametersEvent))]
[JsonSerializable(typeof(ConversationEvent))]
[JsonSerializable(typeof(ContentEvent))]
[JsonSerializable(typeof(ReasoningEvent))]
[JsonSerializable(typeof(PreviewEvent))]
[JsonSerializable(typeof(FinishEvent))]
[JsonSerializable(typeof(UsageEvent))]
[JsonSerializable(typeof(ToolCallsEvent))]
[JsonSerializable(typeof(TitleEvent))]
[JsonSerializable(typeof(SuggestionsEvent))]
[JsonSerializable(typeof(SynthesizeEvent))]
[JsonSerializable(typeof(VariantEvent))]
[JsonSerializable(typeof(ContinueEvent))]
[JsonSerializable(typeof(LogEvent))]
[JsonSerializable(typeof(ErrorEvent))]
[JsonSerializable(typeof(AuthEvent))]
[JsonSerializable(typeof(MessageEvent))]
[JsonSerializable(typeof(RequestEvent))]
[JsonSerializable(typeof(UpstreamResponseEvent))]
[JsonSerializable(typeof(HeadersEvent))]
[JsonSerializable(typeof(LoginEvent))]
[JsonSerializable(typeof(TokenUsage))]
[JsonSerializable(typeof(JsonObject))]
[JsonSerializable(typeof(JsonNode))]
internal sealed partial class G4FJsonContext : JsonSerializerContext
{
}
