using System.Text.Json.Nodes;
using G4F.Backend.Conversations;
using G4F.Backend.Providers;

namespace G4F.Backend.Core.Tests.Conversations;

/// <summary>
/// <c>tools</c>, <c>tool_choice</c> and <c>response_format</c> of a conversation request: bounded and checked. The g4f
/// route leaves a bad one out with a note (its client cannot show an early error); the strict reading refuses it.
/// </summary>
public sealed class ChatRequestReaderToolFieldsTests
{
    private const string Tool = """{"type":"function","function":{"name":"get_weather","parameters":{"type":"object"}}}""";

    [Fact]
    public void Valid_tools_choice_and_format_are_kept_as_sent()
    {
        var request = Read("""{"tools":[""" + Tool + """],"tool_choice":"required","response_format":{"type":"json_schema","json_schema":{"name":"w","schema":{"type":"object"},"strict":true}}}""");

        request.Tools!.ToJsonString().Should().Be($"[{Tool}]");
        request.ToolChoice!.GetValue<string>().Should().Be("required");
        request.ResponseFormat!["json_schema"]!["name"]!.GetValue<string>().Should().Be("w");
        request.ReadNotes.Should().BeEmpty();
    }

    [Fact]
    public void Tools_beyond_the_bounds_are_left_out_with_a_note_on_the_g4f_route()
    {
        var many = string.Join(',', Enumerable.Repeat(Tool, ToolFields.MaxTools + 1));

        var request = Read($$"""{"tools":[{{many}}],"tool_choice":"auto"}""");

        request.Tools.Should().BeNull();
        request.ToolChoice!.GetValue<string>().Should().Be("auto");
        request.ReadNotes.Should().Equal("Ignored request field 'tools': it is invalid: tools has 129 entries; at most 128 are allowed");
    }

    [Fact]
    public void A_schema_with_too_many_values_is_refused_by_the_strict_reading()
    {
        var wide = "{" + string.Join(',', Enumerable.Range(0, ToolFields.MaxNodes).Select(i => $"\"p{i}\":1")) + "}";
        var body = JsonNode.Parse("""{"messages":[{"role":"user","content":"x"}],"response_format":{"type":"json_schema","json_schema":{"name":"w","schema":""" + wide + "}}}")!.AsObject();

        ChatRequestReader.TryRead(body, out var request, out var error, strict: true).Should().BeFalse();

        request.Should().BeNull();
        error.Should().Be("Invalid request field 'response_format': it is invalid: response_format.json_schema is too large: all tools or one schema may hold at most 20000 JSON values");
    }

    [Theory]
    [InlineData("""{"type":"xml"}""", "response_format.type must be")]
    [InlineData("""{"type":"json_schema"}""", "json_schema must be an object")]
    [InlineData("""{"type":"json_schema","json_schema":{"name":"a b"}}""", "json_schema.name must be")]
    [InlineData("""{"type":"json_schema","json_schema":{"name":"a","schema":[]}}""", "schema must be an object")]
    public void A_response_format_of_the_wrong_shape_is_refused_by_the_strict_reading(string format, string message)
    {
        var body = JsonNode.Parse($$"""{"messages":[{"role":"user","content":"x"}],"response_format":{{format}}}""")!.AsObject();

        ChatRequestReader.TryRead(body, out _, out var error, strict: true).Should().BeFalse();

        error.Should().Contain(message);
    }

    private static ChatRequest Read(string fields)
    {
        var body = JsonNode.Parse(fields)!.AsObject();
        body["messages"] = new JsonArray(new JsonObject { ["role"] = "user", ["content"] = "x" });
        ChatRequestReader.TryRead(body, out var request, out var error).Should().BeTrue(error);
        return request!;
    }
}
