using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using G4F.Backend.Events;
using Snapshooter.Xunit;

namespace G4F.Backend.Core.Tests.Events;

public sealed class ResponseEventSerializerTests
{
    public static TheoryData<ResponseEvent> EveryEvent()
    {
        var data = new TheoryData<ResponseEvent>();
        foreach (var e in AllEvents())
        {
            data.Add(e);
        }

        return data;
    }

    [Fact]
    public void Every_event_type_serializes_as_in_the_snapshot()
    {
        var lines = string.Join('\n', AllEvents().Select(ResponseEventSerializer.SerializeToString));

        Snapshot.Match(lines);
    }

    [Theory]
    [MemberData(nameof(EveryEvent))]
    public void Type_is_the_first_key_and_names_the_event(ResponseEvent responseEvent)
    {
        using var json = JsonDocument.Parse(ResponseEventSerializer.SerializeToString(responseEvent));

        var first = json.RootElement.EnumerateObject().First();
        first.Name.Should().Be("type");
        first.Value.GetString().Should().Be(responseEvent.Type);
    }

    [Theory]
    [MemberData(nameof(EveryEvent))]
    public void Every_event_is_one_line(ResponseEvent responseEvent)
    {
        ResponseEventSerializer.SerializeToString(responseEvent).Should().NotContainAny("\n", "\r");
    }

    [Fact]
    public void Nulls_are_omitted_except_the_reasoning_token_and_the_provider_fields()
    {
        ResponseEvent[] sparse =
        [
            new ContentEvent("x"),
            new TitleEvent(null),
            new UsageEvent(new TokenUsage(1, 2, 3)),
            new PreviewEvent("p"),
            new ReasoningEvent { Status = "s" },
            new ProviderEvent(new ProviderInfo("AnyProvider", null, null, null)),
        ];

        sparse.Select(ResponseEventSerializer.SerializeToString).Should().Equal(
            """{"type":"content","content":"x"}""",
            """{"type":"title"}""",
            """{"type":"usage","usage":{"prompt_tokens":1,"completion_tokens":2,"total_tokens":3}}""",
            """{"type":"preview","preview":"p"}""",
            """{"type":"reasoning","token":null,"status":"s"}""",
            """{"type":"provider","provider":{"name":"AnyProvider","url":null,"label":null,"model":null}}""");
    }

    [Fact]
    public void Newlines_in_text_are_escaped()
    {
        ResponseEventSerializer.SerializeToString(new ContentEvent("a\nb\r\n\tc"))
            .Should().Be("""{"type":"content","content":"a\nb\r\n\tc"}""");
    }

    [Fact]
    public void Non_ascii_and_html_are_written_readable()
    {
        var html = """<a href="/media/1_cat.png?url=https%3A//x.org/a.png" data-width="1024"><img src="/thumbnail/1_cat.png" alt="Grüße & 'Katzen' – 猫"></a>""";

        var json = ResponseEventSerializer.SerializeToString(new ContentEvent(html) { Urls = ["/media/1_cat.png"], Alt = "Grüße – 猫 €" });

        json.Should().Be("""{"type":"content","content":"<a href=\"/media/1_cat.png?url=https%3A//x.org/a.png\" data-width=\"1024\"><img src=\"/thumbnail/1_cat.png\" alt=\"Grüße & 'Katzen' – 猫\"></a>","urls":["/media/1_cat.png"],"alt":"Grüße – 猫 €"}""");
    }

    [Fact]
    public void Characters_beyond_the_basic_plane_are_escaped_but_read_back_the_same()
    {
        // System.Text.Encodings.Web always escapes surrogate pairs; JSON readers restore them.
        var json = ResponseEventSerializer.SerializeToString(new ReasoningEvent { Status = "🤔 Is thinking...", IsThinking = "<think>" });

        json.Should().Contain("\\uD83E\\uDD14 Is thinking...").And.Contain("\"<think>\"");
        JsonNode.Parse(json)!["status"]!.GetValue<string>().Should().Be("🤔 Is thinking...");
    }

    [Fact]
    public void Pass_through_events_write_their_type_first_then_the_payload_unchanged()
    {
        var payload = new JsonObject { ["b"] = 1, ["type"] = "ignored", ["a"] = null, ["nested"] = new JsonObject { ["x"] = new JsonArray(1, "ü") } };

        var json = ResponseEventSerializer.SerializeToString(new PassThroughEvent("refine", payload));

        json.Should().Be("""{"type":"refine","b":1,"a":null,"nested":{"x":[1,"ü"]}}""");
    }

    [Fact]
    public void Serialize_writes_the_same_utf8_bytes_to_a_buffer_writer()
    {
        var buffer = new ArrayBufferWriter<byte>();
        var responseEvent = new ContentEvent("€ <b>");

        ResponseEventSerializer.Serialize(buffer, responseEvent);

        Encoding.UTF8.GetString(buffer.WrittenSpan).Should().Be(ResponseEventSerializer.SerializeToString(responseEvent));
        buffer.WrittenSpan.ToArray().Should().Contain(0xE2, "the euro sign is written as UTF-8, not escaped");
    }

    private static IEnumerable<ResponseEvent> AllEvents()
    {
        yield return new ProviderEvent(new ProviderInfo("AnyProvider", null, null, "gpt-4o-mini"));
        yield return new ProviderEvent(new ProviderInfo("OpenRouter", "https://openrouter.ai", "OpenRouter", "openai/gpt-4o-mini"));
        yield return new ParametersEvent(new TurnParameters("OpenRouter", "openai/gpt-4o", 0.7, 1, 4096, new JsonArray("END"), Stream: true));
        yield return new ConversationEvent(new JsonObject { ["OpenaiChat"] = new JsonObject { ["conversation_id"] = "c1", ["message_id"] = "m1" } });
        yield return new ReasoningEvent { Token = "The user greets." };
        yield return new ReasoningEvent { Status = "" };
        yield return new ReasoningEvent { Label = "Searching", Status = "3 results" };
        yield return new ReasoningEvent { Status = "🤔 Is thinking...", IsThinking = "<think>" };
        yield return new ReasoningEvent { Status = "Thought for 2.31s", IsThinking = "</think>" };
        yield return new ContentEvent("Hi there!\n\n> [0] [Grüße – Example](https://example.com/a)");
        yield return new ContentEvent("""<a href="/media/1_fox.png?url=https%3A//x.org/f.png" data-src="/media/1_fox.png" data-width="1024" data-height="576" data-source=""><img src="/thumbnail/1_fox.png" alt="a fox" width="" height=""></a>""")
        {
            Urls = ["/media/1_fox.png"],
            Alt = "a fox",
        };
        yield return new ContentEvent("<audio controls></audio>") { Data = "data:audio/wav;base64,UklGRg==" };
        yield return new PreviewEvent("[![a fox](https://x.org/preview.jpg)](https://x.org/preview.jpg)") { Urls = ["https://x.org/preview.jpg"], Alt = "a fox" };
        yield return new ToolCallsEvent(
        [
            new JsonObject
            {
                ["index"] = 0,
                ["id"] = "call_1",
                ["type"] = "function",
                ["function"] = new JsonObject { ["name"] = "get_time", ["arguments"] = "{\"tz\":" },
            },
        ]);
        yield return new FinishEvent(new FinishReason("stop"));
        yield return new UsageEvent(new TokenUsage(12, 40, 52)
        {
            Extra = new Dictionary<string, JsonElement> { ["prompt_tokens_details"] = JsonDocument.Parse("""{"cached_tokens": 8}""").RootElement.Clone() },
        })
        {
            Model = "openai/gpt-4o-mini",
            Provider = "AnyProvider",
        };
        yield return new TitleEvent("Greetings");
        yield return new TitleEvent(null);
        yield return new SuggestionsEvent(["Tell me more", "Why?"]);
        yield return new SynthesizeEvent(new SynthesizeData("OpenaiChat", new JsonObject { ["conversation_id"] = "c1", ["voice"] = "maple" }));
        yield return new VariantEvent("Hello!");
        yield return new ContinueEvent("c1");
        yield return new MessageEvent("ResponseError: upstream hiccup", "ResponseError");
        yield return new ErrorEvent("RateLimitError", "RateLimitError: Response 429: Too many requests");
        yield return new AuthEvent("MissingAuthError", "MissingAuthError: API key is required for OpenRouter");
        yield return new RequestEvent(new JsonObject { ["model"] = "gpt-4o-mini", ["stream"] = true });
        yield return new UpstreamResponseEvent(new JsonObject { ["id"] = "chatcmpl-1", ["choices"] = new JsonArray() });
        yield return new UpstreamResponseEvent(JsonValue.Create("data: [DONE]"));
        yield return new HeadersEvent(new Dictionary<string, string> { ["x-ratelimit-remaining"] = "99" });
        yield return new LoginEvent("[[Login to Gemini]](https://gemini.google.com)\n\n");
        yield return new LogEvent("AnyProvider: Using providers: ['OpenRouter'] for model 'gpt-4o-mini'");
        yield return new PassThroughEvent("refine", new JsonObject { ["refine"] = "chunk 1/3", ["done"] = false });
    }
}
