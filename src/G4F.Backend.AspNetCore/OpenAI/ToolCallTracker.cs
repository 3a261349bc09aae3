using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using G4F.Backend.Events;

namespace G4F.Backend.AspNetCore.OpenAI;

/// <summary>
/// Turns the turn's <see cref="ToolCallsEvent"/>s into OpenAI tool-call deltas and, for a whole answer, the calls they add
/// up to. Upstreams differ: OpenAI-compatible ones stream fragments by <c>index</c>, Ollama and chat clients send whole
/// calls (arguments as an object), some leave out <c>id</c>. What SDKs rely on is made sure of: every call has an index,
/// its first fragment an id, a type and a name, and arguments are always a JSON text.
/// </summary>
/// <param name="keepArguments">
/// Whether the arguments are kept for <see cref="Whole"/>: only a whole answer needs them. A stream relays each fragment
/// as its delta, and keeping them would hold every call's arguments, of any size, until the stream ends.
/// </param>
internal sealed class ToolCallTracker(bool keepArguments)
{
    /// <summary>More calls than OpenAI allows tools; a runaway upstream's extra calls are dropped.</summary>
    private const int MaxCalls = 128;

    private readonly List<Call> _calls = [];

    /// <summary>Whether the answer called any tool.</summary>
    public bool Any => _calls.Count > 0;

    /// <summary>The characters of arguments kept for <see cref="Whole"/>, counted against the whole answer's limit.</summary>
    public long KeptChars { get; private set; }

    /// <summary>The deltas of one event, in OpenAI's shape; also kept for <see cref="Whole"/> when arguments are kept.</summary>
    public List<ToolCallDelta> Read(ToolCallsEvent toolCalls)
    {
        var deltas = new List<ToolCallDelta>(toolCalls.ToolCalls.Count);
        foreach (var node in toolCalls.ToolCalls)
        {
            if (node is not JsonObject fragment)
            {
                continue;
            }

            var id = Text(fragment["id"]);
            var function = fragment["function"] as JsonObject;
            var name = Text(function?["name"]);
            var arguments = Arguments(function?["arguments"]);
            var call = Find(fragment["index"], id);
            if (call is null)
            {
                if (_calls.Count >= MaxCalls)
                {
                    continue;
                }

                call = new Call(Index(fragment["index"]) ?? NextIndex(), string.IsNullOrEmpty(id) ? NewId() : id);
                _calls.Add(call);
                call.Name = name;
                Keep(call, arguments);
                deltas.Add(new ToolCallDelta(call.Index, call.Id, "function", new ToolCallFunction(name ?? string.Empty, arguments ?? string.Empty)));
                continue;
            }

            call.Name ??= name;
            Keep(call, arguments);
            deltas.Add(new ToolCallDelta(call.Index, null, null, new ToolCallFunction(name, arguments)));
        }

        return deltas;
    }

    /// <summary>The whole calls, in the order they began; null when there were none. Without kept arguments, theirs are empty.</summary>
    public List<CompletionToolCall>? Whole() => _calls.Count == 0
        ? null
        : [.. _calls.Select(c => new CompletionToolCall(c.Id, new ToolCallFunction(c.Name ?? string.Empty, c.Arguments.ToString())))];

    private void Keep(Call call, string? arguments)
    {
        if (keepArguments && !string.IsNullOrEmpty(arguments))
        {
            call.Arguments.Append(arguments);
            KeptChars += arguments.Length;
        }
    }

    private Call? Find(JsonNode? index, string? id)
    {
        if (Index(index) is { } number)
        {
            return _calls.Find(c => c.Index == number);
        }

        // Without an index a fragment belongs to the call with its id; a whole call without either is a new one.
        return string.IsNullOrEmpty(id) ? null : _calls.Find(c => c.Id == id);
    }

    private int NextIndex() => _calls.Count == 0 ? 0 : _calls.Max(c => c.Index) + 1;

    private static int? Index(JsonNode? node) => node is JsonValue value && value.TryGetValue<int>(out var index) && index >= 0 ? index : null;

    private static string? Text(JsonNode? node) => node is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;

    private static string? Arguments(JsonNode? node) => node switch
    {
        null => null,
        JsonValue value when value.TryGetValue<string>(out var text) => text,
        _ when node.GetValueKind() == JsonValueKind.Null => null,
        _ => node.ToJsonString(),
    };

    private static string NewId() => "call_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));

    private sealed class Call(int index, string id)
    {
        public int Index { get; } = index;

        public string Id { get; } = id;

        public string? Name { get; set; }

        public StringBuilder Arguments { get; } = new();
    }
}
