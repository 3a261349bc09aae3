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
            ("temperature", Number("Sampling temperature")),
            ("top_p", Number("Nucleus sampling")),
            ("max_tokens", Integer("The most tokens to generate")),
            ("max_completion_tokens", Integer("The most tokens to generate (newer name)")),
            ("stop", new OpenApiSchema { Description = "Stop sequences", OneOf = [String("One stop sequence"), Array(String("A stop sequence"), "Stop sequences")] }),
            ("seed", Integer("Sampling seed")),
            ("n", Integer("Number of choices: only 1 is served")),
            ("tools", Array(AnyObject("A tool (function) definition"), "Tools the model may call")),
            ("tool_choice", new OpenApiSchema { Description = "none, auto, required or a named function", OneOf = [String("none, auto or required"), AnyObject("A named function")] }),
            ("response_format", AnyObject("text, json_object or json_schema")),
            ("user", String("The end user, recorded in usage lines")))));

    public static OpenApiRequestBody Speech() => Body(
        "An OpenAI speech request",
        (Json, Object(
            "An OpenAI speech request",
            ["input"],
            ("input", String("The text to speak (at most 4096 characters)")),
            ("model", String("The speech model, passed on to the speaking provider")),
            ("voice", String("The voice")),
            ("provider", String("The speaking provider by name (g4f's extension; never sent upstream); the default speaker otherwise")),
            ("response_format", String("The audio format")))));

    public static OpenApiRequestBody ImageGenerations() => Body(
        "An OpenAI image generation request",
        (Json, Object(
            "An OpenAI image generation request",
            ["prompt"],
            ("prompt", String("What to draw; at most 32,000 characters")),
            ("model", String("An image model; routed automatically to a provider that generates images with it")),
            ("provider", String("A provider by name (g4f's extension; never sent upstream)")),
            ("n", Integer("Number of images, 1 to 4")),
            ("size", String("auto or WIDTHxHEIGHT, such as 1024x1024")),
            ("response_format", String("url (a link to this server's media route, the default) or b64_json")),
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
        ("action", String("next (default), variant or continue")),
        ("web_search", new OpenApiSchema { Description = "Search the web first: true, or a search query", OneOf = [Boolean("Search"), String("The query")] }),
        ("api_key", String("The caller's key for the provider, when the server allows client keys")),
        ("download_media", Boolean("Store generated media (default true)")),
        ("debug_mode", Boolean("Send log events")),
        ("temperature", Number("Sampling temperature")),
        ("top_p", Number("Nucleus sampling")),
        ("max_tokens", Integer("The most tokens to generate")),
        ("seed", Integer("Sampling seed")),
        ("stop", Array(String("A stop sequence"), "Stop sequences")),
        ("tools", Array(AnyObject("A tool definition"), "Tools the model may call")),
        ("tool_choice", new OpenApiSchema { Description = "The tool choice", OneOf = [String("none, auto or required"), AnyObject("A named function")] }),
        ("response_format", AnyObject("The response format")),
        ("prompt", String("The prompt of media models")),
        ("aspect_ratio", String("The aspect ratio of generated images")),
        ("resolution", String("The resolution of generated images")),
        ("media", Array(AnyObject("A media item: [url or data URI, name]"), "Attached media")),
        ("user", String("The user named in the usage line")));

    private static OpenApiRequestBody Body(string description, params (string ContentType, IOpenApiSchema Schema)[] contents) => new()
    {
        Description = description,
        Required = true,
        Content = contents.ToDictionary(c => c.ContentType, c => new OpenApiMediaType { Schema = c.Schema }, StringComparer.Ordinal),
    };
}
