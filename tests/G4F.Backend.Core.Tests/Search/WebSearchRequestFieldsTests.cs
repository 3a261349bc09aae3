using System.Text.Json.Nodes;
using G4F.Backend.Conversations;
using G4F.Backend.Providers;

namespace G4F.Backend.Core.Tests.Search;

/// <summary>Reading <c>web_search</c> and <c>tool_calls</c> from a conversation body (PROTOCOL 3.1), leniently.</summary>
public sealed class WebSearchRequestFieldsTests
{
    private static ChatRequest Read(string fields)
    {
        var body = JsonNode.Parse($$"""{"messages":[{"role":"user","content":"hi"}]{{fields}}}""")!.AsObject();
        ChatRequestReader.TryRead(body, out var request, out var error).Should().BeTrue(error);
        return request!;
    }

    [Theory]
    [InlineData("", null)]
    [InlineData(""","web_search":null""", null)]
    [InlineData(""","web_search":false""", null)]
    [InlineData(""","web_search":true""", "true")]
    [InlineData(""","web_search":"true" """, "true")]
    [InlineData(""","web_search":"TRUE" """, "true")]
    [InlineData(""","web_search":"false" """, null)]
    [InlineData(""","web_search":"  " """, null)]
    [InlineData(""","web_search":"weather in Berlin" """, "weather in Berlin")]
    public void Web_search_is_off_first_line_or_a_query(string field, string? expected) =>
        Read(field).WebSearch.Should().Be(expected);

    [Fact]
    public void A_web_search_of_another_shape_is_left_out_with_a_note()
    {
        var request = Read(""","web_search":{"q":1}""");

        request.WebSearch.Should().BeNull();
        request.ReadNotes.Should().Contain("Ignored request field 'web_search': it is not a boolean or a query");
    }

    [Fact]
    public void Tool_calls_are_kept_as_they_came_and_an_empty_list_is_none()
    {
        Read(""","tool_calls":[{"type":"function","function":{"name":"search_tool","arguments":"{}"}}]""").ToolCalls!.ToJsonString()
            .Should().Be("""[{"type":"function","function":{"name":"search_tool","arguments":"{}"}}]""");
        Read(""","tool_calls":[]""").ToolCalls.Should().BeNull();
        Read(""","tool_calls":"x" """).ReadNotes.Should().Contain("Ignored request field 'tool_calls': it is not an array");
    }
}
