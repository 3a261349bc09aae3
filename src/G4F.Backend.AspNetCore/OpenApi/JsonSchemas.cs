using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.OpenApi;

namespace G4F.Backend.AspNetCore.OpenApi;

/// <summary>
/// Small builders of hand-described JSON schemas, for the routes that read raw JSON (their bodies are checked by hand,
/// field by field, as the protocol asks, so there is no record type to generate a schema from). A test fills every
/// described body from its schema (examples, enums, bounds) and posts it, so what is described here is what the
/// readers take.
/// </summary>
internal static class JsonSchemas
{
    public static OpenApiSchema String(string description) => new() { Type = JsonSchemaType.String, Description = description };

    /// <summary>A string of at most <paramref name="maxLength"/> characters.</summary>
    public static OpenApiSchema String(string description, int maxLength) => new() { Type = JsonSchemaType.String, Description = description, MaxLength = maxLength };

    /// <summary>A string that is one of <paramref name="values"/>.</summary>
    public static OpenApiSchema Enum(string description, params string[] values) => new()
    {
        Type = JsonSchemaType.String,
        Description = description,
        Enum = [.. values.Select(v => (JsonNode)JsonValue.Create(v))],
    };

    public static OpenApiSchema Integer(string description) => new() { Type = JsonSchemaType.Integer, Description = description };

    /// <summary>A whole number from <paramref name="minimum"/> to <paramref name="maximum"/> (either end open when null).</summary>
    public static OpenApiSchema Integer(string description, long? minimum, long? maximum) => new()
    {
        Type = JsonSchemaType.Integer,
        Description = description,
        Minimum = minimum?.ToString(CultureInfo.InvariantCulture),
        Maximum = maximum?.ToString(CultureInfo.InvariantCulture),
    };

    public static OpenApiSchema Number(string description) => new() { Type = JsonSchemaType.Number, Description = description };

    /// <summary>A number from <paramref name="minimum"/> to <paramref name="maximum"/> (either end open when null).</summary>
    public static OpenApiSchema Number(string description, double? minimum, double? maximum) => new()
    {
        Type = JsonSchemaType.Number,
        Description = description,
        Minimum = minimum?.ToString(CultureInfo.InvariantCulture),
        Maximum = maximum?.ToString(CultureInfo.InvariantCulture),
    };

    public static OpenApiSchema Boolean(string description) => new() { Type = JsonSchemaType.Boolean, Description = description };

    public static OpenApiSchema Binary(string description) => new() { Type = JsonSchemaType.String, Format = "binary", Description = description };

    public static OpenApiSchema Array(IOpenApiSchema items, string description) => new() { Type = JsonSchemaType.Array, Items = items, Description = description };

    /// <summary>Any JSON object (its keys are the client's).</summary>
    public static OpenApiSchema AnyObject(string description) => new() { Type = JsonSchemaType.Object, Description = description };

    /// <summary>Any JSON value, kept or passed on as sent.</summary>
    public static OpenApiSchema AnyValue(string description) => new() { Description = description };

    /// <summary>An object whose keys are the client's and whose values are all of <paramref name="values"/>.</summary>
    public static OpenApiSchema Map(IOpenApiSchema values, string description) => new() { Type = JsonSchemaType.Object, Description = description, AdditionalProperties = values };

    /// <summary>A value of one of the <paramref name="alternatives"/>.</summary>
    public static OpenApiSchema OneOf(string description, params IOpenApiSchema[] alternatives) => new() { Description = description, OneOf = [.. alternatives] };

    /// <summary>An object with the given properties; keys not listed are allowed (and ignored or kept, as the route says).</summary>
    public static OpenApiSchema Object(string description, string[] required, params (string Name, IOpenApiSchema Schema)[] properties) => new()
    {
        Type = JsonSchemaType.Object,
        Description = description,
        Properties = properties.ToDictionary(p => p.Name, p => p.Schema, StringComparer.Ordinal),
        Required = new HashSet<string>(required, StringComparer.Ordinal),
    };

    /// <summary><paramref name="schema"/> with an example value, parsed from <paramref name="json"/>.</summary>
    public static OpenApiSchema WithExample(this OpenApiSchema schema, string json)
    {
        schema.Example = JsonNode.Parse(json);
        return schema;
    }

    /// <summary>A chat message: a role and its content (text, or an array of content parts).</summary>
    public static OpenApiSchema Message() => Object(
        "A chat message",
        ["role"],
        ("role", String("system, user, assistant or tool").WithExample("\"user\"")),
        ("content", OneOf(
            "The text, or an array of content parts (text, image_url, bucket references)",
            String("The text"),
            Array(AnyObject("A content part").WithExample("""{"type":"text","text":"Hello"}"""), "Content parts"))));
}
