using System.Text.Json;
using System.Text.Json.Nodes;
using G4F.Backend.Providers;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace G4F.Backend.Core.Tests.Providers;

/// <summary>What the chat client receives for a turn: messages (PROTOCOL 3.2) and options.</summary>
public sealed class ChatClientProviderRequestTests
{
    private static readonly byte[] Png = [0x89, 0x50, 0x4E, 0x47];
    private static readonly byte[] Wav = [0x52, 0x49, 0x46, 0x46];

    private readonly ScriptedChatClient _client = new(new ChatResponseUpdate(ChatRole.Assistant, "ok"));

    [Fact]
    public async Task Every_message_shape_is_converted()
    {
        var messages = Parse("""
            [
              {"role": "system", "content": "Be brief."},
              {"role": "developer", "content": [{"type": "text", "text": "Use tools."}]},
              {"role": "user", "name": "ann", "content": [
                {"type": "text", "text": "Look:"},
                {"text": "untyped"},
                "bare",
                {"type": "image_url", "image_url": {"url": "data:image/png;base64,PNG_BASE64"}},
                {"type": "image_url", "image_url": {"url": "https://example.com/cat.jpg?size=2"}},
                {"type": "input_audio", "input_audio": {"data": "WAV_BASE64", "format": "wav"}},
                {"type": "input_audio", "input_audio": {"data": "WAV_BASE64", "format": "mp3"}},
                {"type": "video_url", "video_url": {"url": "https://example.com/v.mp4"}},
                {"type": "text", "text": ""}
              ]},
              {"role": "assistant", "content": "Checking.", "tool_calls": [
                {"id": "call_1", "type": "function", "function": {"name": "get_weather", "arguments": "{\"city\":\"Paris\",\"days\":2}"}},
                {"id": "call_2", "type": "function", "function": {"name": "get_time", "arguments": {"tz": "UTC"}}}
              ]},
              {"role": "tool", "tool_call_id": "call_1", "content": "sunny"},
              {"role": "tool", "tool_call_id": "call_2", "content": [{"type": "text", "text": "12:"}, {"type": "text", "text": "00"}]},
              {"role": "assistant", "content": null}
            ]
            """.Replace("PNG_BASE64", Convert.ToBase64String(Png), StringComparison.Ordinal)
            .Replace("WAV_BASE64", Convert.ToBase64String(Wav), StringComparison.Ordinal));

        await RunAsync(new ChatRequest { Messages = messages });

        var received = _client.Messages!;
        received.Select(m => m.Role).Should().Equal(
            ChatRole.System, ChatRole.System, ChatRole.User, ChatRole.Assistant, ChatRole.Tool, ChatRole.Tool, ChatRole.Assistant);
        received[0].Contents.Should().ContainSingle().Which.Should().BeOfType<TextContent>().Which.Text.Should().Be("Be brief.");
        received[1].Text.Should().Be("Use tools.");

        var user = received[2];
        user.AuthorName.Should().Be("ann");
        user.Contents.Should().HaveCount(7, "the video part and the empty text are skipped");
        user.Contents.Take(3).Cast<TextContent>().Select(t => t.Text).Should().Equal("Look:", "untyped", "bare");
        var image = user.Contents[3].Should().BeOfType<DataContent>().Subject;
        image.MediaType.Should().Be("image/png");
        image.Data.ToArray().Should().Equal(Png);
        var link = user.Contents[4].Should().BeOfType<UriContent>().Subject;
        link.Uri.Should().Be(new Uri("https://example.com/cat.jpg?size=2"));
        link.MediaType.Should().Be("image/jpeg");
        var wav = user.Contents[5].Should().BeOfType<DataContent>().Subject;
        wav.MediaType.Should().Be("audio/wav");
        wav.Data.ToArray().Should().Equal(Wav);
        user.Contents[6].Should().BeOfType<DataContent>().Which.MediaType.Should().Be("audio/mpeg");

        var assistant = received[3];
        assistant.Contents[0].Should().BeOfType<TextContent>().Which.Text.Should().Be("Checking.");
        var weather = assistant.Contents[1].Should().BeOfType<FunctionCallContent>().Subject;
        (weather.CallId, weather.Name, weather.Exception).Should().Be(("call_1", "get_weather", (Exception?)null));
        weather.Arguments!["city"].Should().BeOfType<JsonElement>().Which.GetString().Should().Be("Paris");
        ((JsonElement)weather.Arguments["days"]!).GetInt32().Should().Be(2);
        var time = assistant.Contents[2].Should().BeOfType<FunctionCallContent>().Subject;
        (time.CallId, time.Name).Should().Be(("call_2", "get_time"));
        ((JsonElement)time.Arguments!["tz"]!).GetString().Should().Be("UTC");

        var result = received[4].Contents.Should().ContainSingle().Which.Should().BeOfType<FunctionResultContent>().Subject;
        (result.CallId, result.Result).Should().Be(("call_1", (object)"sunny"));
        received[5].Contents.Should().ContainSingle().Which.Should().BeOfType<FunctionResultContent>().Which.Result.Should().Be("12:00");
        received[6].Contents.Should().BeEmpty();
    }

    [Theory]
    [InlineData("""{"content": "hi"}""", "user")]
    [InlineData("""{"role": " ", "content": "hi"}""", "user")]
    [InlineData("""{"role": "critic", "content": "hi"}""", "critic")]
    public async Task Missing_roles_are_user_and_unknown_roles_are_kept(string message, string role)
    {
        await RunAsync(new ChatRequest { Messages = Parse($"[{message}]") });

        _client.Messages!.Should().ContainSingle().Which.Role.Should().Be(new ChatRole(role));
    }

    [Fact]
    public async Task Tool_call_arguments_that_are_not_json_keep_the_parse_error_on_the_call()
    {
        var messages = Parse("""
            [{"role": "assistant", "tool_calls": [{"id": "c", "type": "function", "function": {"name": "f", "arguments": "{not json"}}]}]
            """);

        await RunAsync(new ChatRequest { Messages = messages });

        var call = _client.Messages![0].Contents.Should().ContainSingle().Which.Should().BeOfType<FunctionCallContent>().Subject;
        call.Arguments.Should().BeNull();
        call.Exception.Should().NotBeNull();
    }

    [Fact]
    public async Task Tool_call_arguments_of_more_values_than_a_tool_may_hold_keep_an_error_on_the_call_unparsed()
    {
        var zeros = string.Join(',', Enumerable.Repeat('0', JsonValueCount.MaxToolArguments));
        var arguments = JsonSerializer.Serialize("{\"n\":[" + zeros + "]}");
        var messages = Parse("""[{"role": "assistant", "tool_calls": [{"id": "c", "type": "function", "function": {"name": "f", "arguments": """ + arguments + "}}]}]");

        await RunAsync(new ChatRequest { Messages = messages });

        var call = _client.Messages![0].Contents.Should().ContainSingle().Which.Should().BeOfType<FunctionCallContent>().Subject;
        call.Arguments.Should().BeNull();
        call.Exception!.InnerException!.Message.Should().Be("Tool call arguments may hold at most 20000 JSON values.");
    }

    [Theory]
    [InlineData("""{"type": "image_url", "image_url": {"url": "/files/abc/media/cat.png"}}""")]
    [InlineData("""{"type": "image_url", "image_url": {"url": "ftp://example.com/cat.png"}}""")]
    [InlineData("""{"type": "image_url", "image_url": {"url": "data:image/png;base64,%%%"}}""")]
    [InlineData("""{"type": "input_audio", "input_audio": {"data": "not base64!", "format": "wav"}}""")]
    [InlineData("""{"type": "input_audio", "input_audio": {"data": "AAAA", "format": "flac"}}""")]
    public async Task Media_parts_that_cannot_be_sent_fail_the_turn_with_a_value_error(string part)
    {
        var messages = Parse($$"""[{"role": "user", "content": [{{part}}]}]""");

        var act = () => RunAsync(new ChatRequest { Messages = messages });

        (await act.Should().ThrowAsync<ProviderException>()).Which.ErrorName.Should().Be("ValueError");
        _client.Messages.Should().BeNull("nothing was sent upstream");
    }

    [Fact]
    public async Task Request_fields_become_chat_options()
    {
        var request = new ChatRequest
        {
            Messages = Parse("""[{"role": "user", "content": "hi"}]"""),
            Model = "gpt-test",
            Temperature = 0.5,
            TopP = 0.25,
            MaxTokens = 100,
            Stop = JsonNode.Parse("""["END", "", "STOP"]"""),
            Seed = 42,
            ResponseFormat = JsonNode.Parse("""{"type": "json_object"}"""),
            Tools = Parse("""
                [
                  {"type": "function", "function": {"name": "get_weather", "description": "Weather by city",
                    "parameters": {"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]}}},
                  {"type": "function", "function": {"name": "ping"}},
                  {"type": "code_interpreter"}
                ]
                """),
            ToolChoice = JsonValue.Create("required"),
        };

        await RunAsync(request);

        var options = _client.Options!;
        options.ModelId.Should().Be("gpt-test");
        options.Temperature.Should().Be(0.5f);
        options.TopP.Should().Be(0.25f);
        options.MaxOutputTokens.Should().Be(100);
        options.StopSequences.Should().Equal("END", "STOP");
        options.Seed.Should().Be(42);
        options.ResponseFormat.Should().BeSameAs(ChatResponseFormat.Json);
        options.ToolMode.Should().Be(ChatToolMode.RequireAny);
        options.Tools.Should().HaveCount(2);
        var weather = options.Tools![0].Should().BeAssignableTo<AIFunctionDeclaration>().Subject;
        (weather.Name, weather.Description).Should().Be(("get_weather", "Weather by city"));
        weather.JsonSchema.GetProperty("required")[0].GetString().Should().Be("city");
        var ping = options.Tools[1].Should().BeAssignableTo<AIFunctionDeclaration>().Subject;
        ping.Name.Should().Be("ping");
        ping.JsonSchema.GetProperty("type").GetString().Should().Be("object");
    }

    [Fact]
    public async Task Unset_fields_stay_unset_and_the_configured_default_model_is_used()
    {
        var options = new ProviderOptions { DefaultModel = "default-model" };

        await RunAsync(new ChatRequest { Messages = Parse("""[{"role": "user", "content": "hi"}]"""), Stop = JsonValue.Create("END") }, options);

        var received = _client.Options!;
        received.ModelId.Should().Be("default-model");
        (received.Temperature, received.TopP, received.MaxOutputTokens, received.Seed).Should().Be(((float?)null, (float?)null, (int?)null, (long?)null));
        received.StopSequences.Should().Equal("END");
        (received.ResponseFormat, received.Tools, received.ToolMode).Should().Be((null, null, null));
    }

    [Fact]
    public async Task A_json_schema_response_format_carries_the_schema_and_its_name()
    {
        var request = new ChatRequest
        {
            Messages = Parse("""[{"role": "user", "content": "hi"}]"""),
            ResponseFormat = JsonNode.Parse("""
                {"type": "json_schema", "json_schema": {"name": "answer", "description": "The answer", "schema": {"type": "object", "properties": {"a": {"type": "integer"}}}}}
                """),
        };

        await RunAsync(request);

        var format = _client.Options!.ResponseFormat.Should().BeOfType<ChatResponseFormatJson>().Subject;
        (format.SchemaName, format.SchemaDescription).Should().Be(("answer", "The answer"));
        format.Schema!.Value.GetProperty("properties").GetProperty("a").GetProperty("type").GetString().Should().Be("integer");
    }

    [Theory]
    [InlineData("\"auto\"", "auto")]
    [InlineData("\"none\"", "none")]
    [InlineData("\"required\"", "any")]
    [InlineData("""{"type": "function", "function": {"name": "ping"}}""", "ping")]
    [InlineData("\"weird\"", null)]
    public async Task Tool_choice_becomes_the_tool_mode(string toolChoice, string? expected)
    {
        var request = new ChatRequest
        {
            Messages = Parse("""[{"role": "user", "content": "hi"}]"""),
            Tools = Parse("""[{"type": "function", "function": {"name": "ping"}}]"""),
            ToolChoice = JsonNode.Parse(toolChoice),
        };

        await RunAsync(request);

        var mode = _client.Options!.ToolMode;
        var actual = mode switch
        {
            null => null,
            AutoChatToolMode => "auto",
            NoneChatToolMode => "none",
            RequiredChatToolMode { RequiredFunctionName: null } => "any",
            RequiredChatToolMode required => required.RequiredFunctionName,
            _ => mode.ToString(),
        };
        actual.Should().Be(expected);
    }

    private static JsonArray Parse(string json) => JsonNode.Parse(json)!.AsArray();

    private async Task RunAsync(ChatRequest request, ProviderOptions? options = null)
    {
        var provider = new ChatClientProvider("Scripted", options ?? new ProviderOptions(), _client, new FakeTimeProvider(), NullLogger<ChatClientProvider>.Instance);
        await foreach (var _ in provider.StreamAsync(request, CancellationToken.None))
        {
        }
    }
}
