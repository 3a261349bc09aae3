using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using G4F.Backend.Conversations;

namespace G4F.Backend.AspNetCore.OpenAI;

/// <summary>
/// Checks an OpenAI image generation body. A field of the wrong shape or out of bounds is a 400 naming it; fields the
/// front door does not serve (quality, style, background) are left out rather than half-honoured.
/// </summary>
internal static class ImageGenerationRequestReader
{
    /// <summary>gpt-image-1's limit on a prompt (DALL-E's are lower; the upstream refuses what its model does not take).</summary>
    public const int MaxPromptLength = 32_000;

    /// <summary>The most images of one request: each is one upstream call and one stored file.</summary>
    public const int MaxCount = ImageGenerationService.MaxImages;

    // No model draws larger than this; a larger side is a typo or a probe, refused before any upstream call.
    private const int MaxSide = 8192;

    public static (ImageGenerationBody? Request, OpenAIFailure? Failure) Read(JsonObject body)
    {
        foreach (var name in (string[])["prompt", "model", "provider", "user", "size", "response_format"])
        {
            if (body[name] is { } node && node.GetValueKind() != JsonValueKind.String)
            {
                return (null, Invalid($"{name} must be a string", "invalid_type"));
            }
        }

        var prompt = Text(body, "prompt");
        if (prompt is not { Length: <= MaxPromptLength })
        {
            return (null, Invalid($"prompt is required: a non-empty string of at most {MaxPromptLength} characters", prompt is null ? "missing_required_parameter" : "string_above_max_length"));
        }

        var size = Text(body, "size");
        var format = Text(body, "response_format");
        if (size is not null && !IsSize(size))
        {
            return (null, Invalid($"size must be auto or WIDTHxHEIGHT with sides of 1 to {MaxSide} pixels, such as 1024x1024, not '{Clip(size)}'", "invalid_value"));
        }

        if (format is not (null or "url" or "b64_json"))
        {
            return (null, Invalid($"response_format must be url or b64_json, not '{Clip(format)}'", "invalid_value"));
        }

        var count = 1;
        if (body["n"] is { } n && !(n.GetValueKind() == JsonValueKind.Number && n.AsValue().TryGetValue<int>(out count) && count is >= 1 and <= MaxCount))
        {
            return (null, Invalid($"n must be a whole number from 1 to {MaxCount}", "invalid_value"));
        }

        var request = new ImageGenerationRequest(prompt) { Model = Text(body, "model"), Provider = Text(body, "provider"), Count = count, Size = size, User = Text(body, "user") };
        return (new ImageGenerationBody(request, format == "b64_json"), null);
    }

    private static OpenAIFailure Invalid(string message, string code) => OpenAIFailure.BadRequest(message, code);

    /// <summary>A trimmed string field (its kind checked already), null when absent, null or blank.</summary>
    private static string? Text(JsonObject body, string name) =>
        body[name] is JsonValue value && value.GetValue<string>().Trim() is { Length: > 0 } text ? text : null;

    private static bool IsSize(string size)
    {
        if (size.Equals("auto", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        var parts = size.Split('x');
        return parts.Length == 2 && parts.All(p => p.Length is > 0 and <= 4 && p.All(char.IsAsciiDigit)
            && int.Parse(p, CultureInfo.InvariantCulture) is > 0 and <= MaxSide);
    }

    // A refused value is echoed for the caller's benefit, never at any length.
    private static string Clip(string value) => value.Length <= 40 ? value : value[..40] + "…";
}
