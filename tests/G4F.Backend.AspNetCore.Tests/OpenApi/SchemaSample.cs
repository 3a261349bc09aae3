using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace G4F.Backend.AspNetCore.Tests.OpenApi;

/// <summary>
/// A JSON value made from a schema of the served OpenAPI document, the way a client generated from the document would
/// fill it: the schema's example, else its first enum value, else a value of its type within its bounds, every
/// property of an object filled. <c>oneOf</c> takes alternative <c>variant</c> (modulo their count), so two variants
/// cover every alternative of the documents' two-way choices.
/// </summary>
internal static class SchemaSample
{
    public static JsonNode? Of(JsonNode schema, int variant)
    {
        if (schema["example"] is { } example)
        {
            return example.DeepClone();
        }

        if (schema["enum"] is JsonArray { Count: > 0 } values)
        {
            return values[0]!.DeepClone();
        }

        if (schema["oneOf"] is JsonArray { Count: > 0 } alternatives)
        {
            return Of(alternatives[variant % alternatives.Count]!, variant);
        }

        return TypeOf(schema) switch
        {
            "string" => JsonValue.Create("Hello"),
            "integer" => JsonValue.Create(Bound(schema, "minimum") is { } min ? (long)min : 1L),
            "number" => JsonValue.Create(Math.Max(Bound(schema, "minimum") ?? 0, Math.Min(0.5, Bound(schema, "maximum") ?? 0.5))),
            "boolean" => JsonValue.Create(true),
            "array" => new JsonArray(schema["items"] is { } items ? Of(items, variant) : null),
            "object" => ObjectOf(schema, variant),
            _ => JsonValue.Create("Hello"),
        };
    }

    private static JsonObject ObjectOf(JsonNode schema, int variant)
    {
        var sample = new JsonObject();
        foreach (var (name, property) in schema["properties"]?.AsObject() ?? [])
        {
            sample[name] = Of(property!, variant);
        }

        return sample;
    }

    // "type" is a name, or a list such as ["string", "null"] (OpenAPI 3.1): the first non-null one.
    private static string? TypeOf(JsonNode schema) => schema["type"] switch
    {
        JsonValue value => value.GetValue<string>(),
        JsonArray types => types.Select(t => t!.GetValue<string>()).FirstOrDefault(t => t != "null"),
        _ => null,
    };

    // Bounds are numbers in the document (OpenAPI 3.1 writes them unquoted).
    private static double? Bound(JsonNode schema, string name) => schema[name] switch
    {
        JsonValue value when value.GetValueKind() == JsonValueKind.Number => value.GetValue<double>(),
        JsonValue value when value.TryGetValue<string>(out var text) => double.Parse(text, CultureInfo.InvariantCulture),
        _ => null,
    };
}
