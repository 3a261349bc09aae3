using Microsoft.OpenApi;

namespace G4F.Backend.AspNetCore.OpenApi;

/// <summary>
/// Small builders of hand-described JSON schemas, for the routes that read raw JSON (their bodies are checked by hand,
/// field by field, as the protocol asks, so there is no record type to generate a schema from).
/// </summary>
internal static class JsonSchemas
{
    public static OpenApiSchema String(string description) => new() { Type = JsonSchemaType.String, Description = description };

    public static OpenApiSchema Integer(string description) => new() { Type = JsonSchemaType.Integer, Description = description };

    public static OpenApiSchema Number(string description) => new() { Type = JsonSchemaType.Number, Description = description };

    public static OpenApiSchema Boolean(string description) => new() { Type = JsonSchemaType.Boolean, Description = description };

    public static OpenApiSchema Binary(string description) => new() { Type = JsonSchemaType.String, Format = "binary", Description = description };

    public static OpenApiSchema Array(IOpenApiSchema items, string description) => new() { Type = JsonSchemaType.Array, Items = items, Description = description };

    /// <summary>Any JSON object (its keys are the client's).</summary>
    public static OpenApiSchema AnyObject(string description) => new() { Type = JsonSchemaType.Object, Description = description };

    /// <summary>An object with the given properties; keys not listed are allowed (and ignored or kept, as the route says).</summary>
    public static OpenApiSchema Object(string description, string[] required, params (string Name, IOpenApiSchema Schema)[] properties) => new()
    {
        Type = JsonSchemaType.Object,
        Description = description,
        Properties = properties.ToDictionary(p => p.Name, p => p.Schema, StringComparer.Ordinal),
        Required = new HashSet<string>(required, StringComparer.Ordinal),
    };

    /// <summary>A chat message: a role and its content (text, or an array of content parts).</summary>
    public static OpenApiSchema Message() => Object(
        "A chat message",
        ["role"],
        ("role", String("system, user, assistant or tool")),
        ("content", new OpenApiSchema
        {
            Description = "The text, or an array of content parts (text, image_url, bucket references)",
            OneOf = [String("The text"), Array(AnyObject("A content part"), "Content parts")],
        }));
}
