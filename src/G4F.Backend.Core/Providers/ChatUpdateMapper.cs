using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using G4F.Backend.Events;
using Microsoft.Extensions.AI;

namespace G4F.Backend.Providers;

/// <summary>
/// Turns the <see cref="ChatResponseUpdate"/>s of one streamed turn into protocol events, keeping
/// what the protocol needs across updates: tool-call indexes, the reported model, the finish reason.
/// </summary>
internal sealed class ChatUpdateMapper
{
    // M.E.AI's defaults know the argument value types clients use, but indent; tool-call arguments are one line.
    private static readonly JsonTypeInfo ArgumentsTypeInfo = CreateArgumentsTypeInfo();

    private readonly ProviderDescriptor _descriptor;
    private readonly string? _requestedModel;
    private bool _modelReported;
    private int _nextToolCallIndex;
    private string? _finishReason;

    public ChatUpdateMapper(ProviderDescriptor descriptor, string? requestedModel)
    {
        _descriptor = descriptor;
        _requestedModel = requestedModel;
    }

    /// <summary>Appends the events of <paramref name="update"/> to <paramref name="output"/>, in the update's order.</summary>
    public void Map(ChatResponseUpdate update, List<ResponseEvent> output)
    {
        if (!_modelReported && !string.IsNullOrEmpty(update.ModelId) && update.ModelId != _requestedModel)
        {
            _modelReported = true;
            output.Add(new ProviderEvent(ProviderInfos.For(_descriptor, update.ModelId)));
        }

        string? text = null;
        JsonArray? toolCalls = null;
        List<ResponseEvent>? usage = null;
        foreach (var content in update.Contents)
        {
            // Adjacent texts form one event, adjacent calls too; anything else ends the run.
            if (content is TextContent { Text: var delta })
            {
                FlushToolCalls(ref toolCalls, output);
                text = text is null ? delta : string.Concat(text, delta);
                continue;
            }

            FlushText(ref text, output);
            if (content is FunctionCallContent { InformationalOnly: false } call)
            {
                (toolCalls ??= []).Add(ToToolCall(call));
                continue;
            }

            FlushToolCalls(ref toolCalls, output);
            switch (content)
            {
                case TextReasoningContent { Text: { Length: > 0 } thinking }:
                    output.Add(new ReasoningEvent { Token = thinking });
                    break;
                case UsageContent { Details: var details }:
                    (usage ??= []).Add(new UsageEvent(ToTokenUsage(details)));
                    break;
                case ErrorContent { Message: var message }:
                    output.Add(new MessageEvent($"ResponseError: {message}", "ResponseError"));
                    break;
            }
        }

        FlushText(ref text, output);
        FlushToolCalls(ref toolCalls, output);

        // PROTOCOL 3.6: finish, then usage, even when both come in one update.
        if (update.FinishReason is { Value: var reason } && reason != _finishReason)
        {
            _finishReason = reason;
            output.Add(new FinishEvent(new FinishReason(reason)));
        }

        if (usage is not null)
        {
            output.AddRange(usage);
        }
    }

    private static void FlushText(ref string? text, List<ResponseEvent> output)
    {
        if (!string.IsNullOrEmpty(text))
        {
            output.Add(new ContentEvent(text));
        }

        text = null;
    }

    private static void FlushToolCalls(ref JsonArray? toolCalls, List<ResponseEvent> output)
    {
        if (toolCalls is not null)
        {
            output.Add(new ToolCallsEvent(toolCalls));
        }

        toolCalls = null;
    }

    // Chat clients deliver whole calls, so every call gets its own index (the client appends by index).
    private JsonObject ToToolCall(FunctionCallContent call) => new()
    {
        ["index"] = _nextToolCallIndex++,
        ["id"] = call.CallId,
        ["type"] = "function",
        ["function"] = new JsonObject
        {
            ["name"] = call.Name,
            ["arguments"] = call.Arguments is null
                ? "{}"
                : JsonSerializer.Serialize(call.Arguments, ArgumentsTypeInfo),
        },
    };

    private static TokenUsage ToTokenUsage(UsageDetails details)
    {
        var prompt = details.InputTokenCount ?? 0;
        var completion = details.OutputTokenCount ?? 0;
        var extra = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        if (details.CachedInputTokenCount is { } cached)
        {
            extra["prompt_tokens_details"] = ToElement(new JsonObject { ["cached_tokens"] = cached });
        }

        if (details.ReasoningTokenCount is { } reasoning)
        {
            extra["completion_tokens_details"] = ToElement(new JsonObject { ["reasoning_tokens"] = reasoning });
        }

        return new TokenUsage(prompt, completion, details.TotalTokenCount ?? TokenCounts.Sum(prompt, completion))
        {
            Extra = extra.Count > 0 ? extra : null,
        };
    }

    private static JsonTypeInfo CreateArgumentsTypeInfo()
    {
        var options = new JsonSerializerOptions(AIJsonUtilities.DefaultOptions) { WriteIndented = false };
        options.MakeReadOnly();
        return options.GetTypeInfo(typeof(IDictionary<string, object?>));
    }

    private static JsonElement ToElement(JsonObject node) => JsonSerializer.SerializeToElement(node, G4FJsonContext.Default.JsonObject);
}
