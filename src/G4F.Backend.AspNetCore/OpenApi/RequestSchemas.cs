using Microsoft.OpenApi;
using static G4F.Backend.AspNetCore.OpenApi.JsonSchemas;

namespace G4F.Backend.AspNetCore.OpenApi;

/// <summary>The request bodies of the routes that take one, described by hand from what each route reads (PROTOCOL).</summary>
internal static class RequestSchemas
{
    private const string Json = "application/json";
    private const string Form = "multipart/form-data";

    public static OpenApiRequestBody Conversation() => Body(
        "The turn: JSON, or a form whose json field holds it beside attached files and media_url fields",
        (Json, ConversationObject()),
        (Form, Object(
            "The turn as a form",
            ["json"],
            ("json", String("The turn's JSON object, as in the JSON body")),
            ("files", Array(Binary("An attached file (image, audio, document)"), "Attached files")),
            ("media_url", Array(String("The URL of a media file to attach"), "Media by URL")))));

    public static OpenApiRequestBody ChatCompletions() => Body(
        "An OpenAI chat completion request",
        (Json, Object(
            "An OpenAI chat completion request",
            ["messages"],
            ("model", String("The model; routed automatically to a provider that serves it")),
            ("messages", Array(Message(), "The conversation so far")),
            ("provider", String("A provider by name (g4f's extension; never sent upstream)")),
            ("stream", Boolean("Answer as chat.completion.chunk server-sent events")),
            ("stream_options", Object("Stream options", [], ("include_usage", Boolean("A last chunk with the usage")))),
            ("temperature", Number("Sampling temperature", 0, null)),
            ("top_p", Number("Nucleus sampling", 0, 1)),
            ("max_tokens", Integer("The most tokens to generate", 1, int.MaxValue)),
            ("max_completion_tokens", Integer("The most tokens to generate (newer name)", 1, int.MaxValue)),
            ("stop", Stop()),
            ("seed", Integer("Sampling seed")),
            ("n", Integer("Number of choices: only 1 is served", 1, 1)),
            ("tools", Tools()),
            ("tool_choice", ToolChoice()),
            ("response_format", ResponseFormat()),
            ("user", String("The end user, recorded in usage lines")))));

    public static OpenApiRequestBody Speech() => Body(
        "An OpenAI speech request",
        (Json, Object(
            "An OpenAI speech request",
            ["input"],
            ("input", String("The text to speak (at most 4096 characters)", 4096)),
            ("model", String("The speech model, passed on to the speaking provider")),
            ("voice", String("The voice")),
            ("provider", String("The speaking provider by name (g4f's extension; never sent upstream); the default speaker otherwise")),
            ("response_format", Enum("The audio format", "mp3", "opus", "aac", "flac", "wav", "pcm")))));

    public static OpenApiRequestBody ImageGenerations() => Body(
        "An OpenAI image generation request",
        (Json, Object(
            "An OpenAI image generation request",
            ["prompt"],
            ("prompt", String("What to draw; at most 32,000 characters", 32_000)),
            ("model", String("An image model; routed automatically to a provider that generates images with it")),
            ("provider", String("A provider by name (g4f's extension; never sent upstream)")),
            ("n", Integer("Number of images, 1 to 4", 1, 4)),
            ("size", ImageSize()),
            ("response_format", Enum("url (a link to this server's media route, the default) or b64_json", "url", "b64_json")),
            ("user", String("The end user, recorded in usage lines")))));

    public static OpenApiRequestBody Memory() => Body(
        "A conversation whose items are stored for the user",
        (Json, Object(
            "A conversation",
            ["items"],
            ("id", String("The conversation id, kept as the items' conversation_id metadata")),
            ("items", Array(Message(), "The messages to remember")))));

    public static OpenApiRequestBody UsageLine() => Body(
        "One usage line, stored as sent (the user from the body, else the x-user header)",
        (Json, Object(
            "A usage line; other keys are kept",
            [],
            ("user", String("The user")),
            ("model", String("The model")),
            ("provider", String("The provider")),
            ("label", String("The provider's label")),
            ("prompt_tokens", Integer("Prompt tokens")),
            ("completion_tokens", Integer("Completion tokens")),
            ("total_tokens", Integer("Total tokens")))));

    public static OpenApiRequestBody LogLine() => Body("One client log line", (Json, AnyObject("A log line, stored as sent")));

    public static OpenApiRequestBody SharedChat() => Body(
        "The chat to share, stored as sent",
        (Json, Object("A chat; other keys are kept", [], ("updated", Integer("The version: a newer one replaces the stored chat")))));

    public static OpenApiRequestBody BucketUpload() => Body(
        "Files for the bucket, and optionally a downloads.json naming URLs to fetch",
        (Form, Object("Files", ["files"], ("files", Array(Binary("A file"), "The files")))));

    public static OpenApiRequestBody Cookies() => Body(
        "A cookie file",
        (Form, Object("A cookie file", ["file"], ("file", Binary("A .json or .har cookie file")))));

    private static OpenApiSchema ConversationObject() => Object(
        "A conversation turn",
        ["messages"],
        ("model", String("The model; empty for the provider's default")),
        ("provider", String("A provider by name, or AnyProvider (the default) for automatic routing")),
        ("messages", Array(Message(), "The conversation so far")),
        ("conversation_id", String("The conversation's id")),
        ("action", Enum("next (default), variant or continue", "next", "variant", "continue")),
        ("conversation", AnyValue("The provider's conversation state from an earlier turn's conversation event, passed back")),
        ("web_search", OneOf("Search the web first: true, or a search query", Boolean("Search"), String("The query"))),
        ("api_key", OneOf(
            "The caller's key, when the server allows client keys: for the chosen provider, or keys by provider name",
            String("The key of the chosen provider"),
            Map(String("A provider's key"), "Keys by provider name").WithExample("""{"OpenAI":"sk-..."}"""))),
        ("ignored", Array(String("A provider name"), "Providers that automatic routing skips")),
        ("download_media", Boolean("Store generated media (default true)")),
        ("debug_mode", Boolean("Send log events")),
        ("temperature", Number("Sampling temperature", 0, null)),
        ("top_p", Number("Nucleus sampling", 0, 1)),
        ("max_tokens", Integer("The most tokens to generate (0: no limit)", 0, int.MaxValue)),
        ("seed", Integer("Sampling seed")),
        ("stop", Stop()),
        ("tools", Tools()),
        ("tool_choice", ToolChoice()),
        ("tool_calls", Array(AnyObject("A tool call"), "The tool calls of an earlier answer, passed on with the tools' results")),
        ("response_format", ResponseFormat()),
        ("prompt", String("The prompt of media models")),
        ("aspect_ratio", String("The aspect ratio of generated images").WithExample("\"16:9\"")),
        ("resolution", String("The resolution of generated images")),
        ("media", Array(
            OneOf(
                "A media item: its URL or data URI, with its file name or null",
                Array(new OpenApiSchema { Type = JsonSchemaType.String | JsonSchemaType.Null, Description = "The URL or data URI, then the file name" }, "[data, filename]"),
                String("The URL or data URI alone")),
            "Attached media").WithExample(PixelMedia)),
        ("user", String("The user named in the usage line")));

    // What the official client sends: [data URI, file name] pairs; the example is a 1x1 PNG.
    private const string PixelMedia = """[["data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNk+A8AAQUBAScY42YAAAAASUVORK5CYII=","pixel.png"]]""";

    private static OpenApiSchema Stop() => OneOf("Stop sequences", String("One stop sequence"), Array(String("A stop sequence"), "Stop sequences"));

    private static OpenApiSchema Tools() => Array(
        AnyObject("A function tool: {type: function, function: {name, description, parameters, strict}}").WithExample(
            """{"type":"function","function":{"name":"get_weather","description":"The weather in a city","parameters":{"type":"object","properties":{"city":{"type":"string"}}}}}"""),
        "Tools the model may call (at most 128)");

    private static OpenApiSchema ToolChoice() => OneOf(
        "none, auto, required or a named function among the tools",
        Enum("How the model uses the tools", "none", "auto", "required"),
        AnyObject("A named function").WithExample("""{"type":"function","function":{"name":"get_weather"}}"""));

    private static OpenApiSchema ResponseFormat() =>
        AnyObject("{type: text}, {type: json_object} or {type: json_schema, json_schema: {name, schema, strict}}").WithExample("""{"type":"json_object"}""");

    private static OpenApiSchema ImageSize()
    {
        var size = String("auto or WIDTHxHEIGHT, sides of 1 to 8192 pixels").WithExample("\"1024x1024\"");
        size.Pattern = "^(auto|[0-9]{1,4}x[0-9]{1,4})$";
        return size;
    }

    private static OpenApiRequestBody Body(string description, params (string ContentType, IOpenApiSchema Schema)[] contents) => new()
    {
        Description = description,
        Required = true,
        Content = contents.ToDictionary(c => c.ContentType, c => new OpenApiMediaType { Schema = c.Schema }, StringComparer.Ordinal),
    };
}
