using System.Text.Json;
using System.Text.Json.Nodes;
using G4F.Backend.Events;
using G4F.Backend.Providers;
using G4F.Backend.Search;
using G4F.Backend.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace G4F.Backend.Core.Tests.Search;

/// <summary>The search step of a turn: which text is searched, what replaces it, when it is skipped or fails.</summary>
public sealed class ConversationSearchTests : IAsyncLifetime
{
    private FakeSearchEngine _server = null!;
    private FixedWebSearch _engine = null!;

    public async Task InitializeAsync()
    {
        _server = await FakeSearchEngine.StartAsync();
        _engine = new FixedWebSearch("DuckDuckGo", new WebSearchHit("Page A", _server.MapPage("a", "<p>Page A text.</p>"), "snippet a"));
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private SearchHarness Harness(FixedWebSearch? engine = null, Action<G4FBackendOptions>? configure = null) =>
        new(_server, configure, services => services.AddSingleton<IWebSearch>(engine ?? _engine));

    private static ChatRequest Request(string messagesJson, string? webSearch = null, string? toolCalls = null) => new()
    {
        Messages = JsonNode.Parse(messagesJson)!.AsArray(),
        WebSearch = webSearch,
        ToolCalls = toolCalls is null ? null : JsonNode.Parse(toolCalls)!.AsArray(),
    };

    // The turn's messages are the request's here; the pipeline passes the ones its earlier steps made.
    private static Task<SearchedTurn> ApplyAsync(SearchHarness harness, ChatRequest request) =>
        harness.Conversation.ApplyAsync(request, request.Messages, harness.Log, CancellationToken.None);

    private static string LastContent(JsonArray messages) => messages[^1]!["content"]!.GetValue<string>();

    [Fact]
    public async Task Web_search_true_searches_the_first_line_and_replaces_only_the_last_message()
    {
        using var harness = Harness();
        var request = Request("""[{"role":"system","content":"Be brief."},{"role":"user","content":"  What is A?\nAnswer in German.","id":"m1"}]""", "true");

        var turn = await ApplyAsync(harness, request);

        _engine.Queries.Should().Equal(new WebSearchQuery("What is A?", 5, "us-en"));
        turn.Failure.Should().BeNull();
        LastContent(turn.Messages!).Should().Be(
            $"### Title: Page A\n\nPage A text.\n\n> **Source:** [[0]]({_server.Page("a")})\n\nInstruction: {SearchPrompt.DefaultInstructions}\n\nUser request:\n  What is A?\nAnswer in German.");
        turn.Messages![^1]!["id"]!.GetValue<string>().Should().Be("m1");
        turn.Messages![0]!.ToJsonString().Should().Be("""{"role":"system","content":"Be brief."}""");
        LastContent(request.Messages).Should().Be("  What is A?\nAnswer in German.", "the client's request is not changed");
        turn.Sources.Should().Be($"\n\n\n\n> [0] [Page A]({_server.Page("a")})");
        harness.Log.Lines.Should().Equal("Performing web search with value: True", "Web search: 'What is A?...'", "with 1 Results 3 Words");
    }

    [Fact]
    public async Task A_web_search_string_is_the_query_even_for_a_message_starting_with_two_hashes()
    {
        using var harness = Harness();

        var turn = await ApplyAsync(harness, Request("""[{"role":"user","content":"## Notes\nsummarise"}]""", "weather in Berlin"));

        _engine.Queries.Single().Query.Should().Be("weather in Berlin");
        LastContent(turn.Messages!).Should().EndWith("User request:\n## Notes\nsummarise");
        harness.Log.Lines[0].Should().Be("Performing web search with value: weather in Berlin");
    }

    [Theory]
    [InlineData("""[{"role":"user","content":[{"type":"text","text":"hi"}]}]""", "Web search skipped: the last message's content is not text")]
    [InlineData("""[{"role":"user","content":"## Heading only"}]""", "Web search skipped: the message starts with ## and no query was given")]
    [InlineData("""[{"role":"user","content":"x\n\nInstruction: \nUsing the provided web search results, to write a comprehensive reply to the user request.\nMake sure to add the sources of cites using [[Number]](Url) notation after the reference. Example: [[0]](http://google.com)\n\n\nUser request:\nq"}]""", "Web search skipped: the message already holds search results")]
    [InlineData("""[{"role":"user","content":"   \n  "}]""", "Web search skipped: there is nothing to search for")]
    public async Task Messages_the_original_does_not_search_are_left_as_they_are(string messages, string note)
    {
        using var harness = Harness();
        var request = Request(messages, "true");

        var turn = await ApplyAsync(harness, request);

        turn.Should().Be(SearchedTurn.Unchanged);
        _engine.Calls.Should().Be(0);
        harness.Log.Lines.Should().Equal("Performing web search with value: True", note);
    }

    [Fact]
    public async Task A_failed_web_search_is_a_log_line_and_the_prompt_goes_on_unchanged()
    {
        using var harness = Harness(new FixedWebSearch("DuckDuckGo") { Failure = new WebSearchException("DuckDuckGo answered 503.") });
        var request = Request("""[{"role":"user","content":"hello"}]""", "true");

        var turn = await ApplyAsync(harness, request);

        turn.Should().Be(SearchedTurn.Unchanged);
        harness.Log.Lines.Should().Equal("Performing web search with value: True", "Couldn't do web search: WebSearchError: DuckDuckGo answered 503.");
    }

    [Fact]
    public async Task A_search_without_results_leaves_the_prompt_and_sends_no_sources()
    {
        using var harness = Harness(new FixedWebSearch("DuckDuckGo"));
        var request = Request("""[{"role":"user","content":"hello"}]""", "true");

        var turn = await ApplyAsync(harness, request);

        turn.Should().Be(SearchedTurn.Unchanged);
        harness.Log.Lines.Should().EndWith("with 0 Results 0 Words");
    }

    [Theory]
    [InlineData("""{"query":"tool query","max_results":100,"region":"de-de","add_text":false,"instructions":"","timeout":null,"max_words":3}""")]
    [InlineData("""  "{\"query\":\"tool query\",\"max_results\":100,\"region\":\"de-de\",\"add_text\":\"false\",\"instructions\":\"\",\"max_words\":3}"  """)]
    public async Task A_search_tool_call_searches_with_its_arguments_as_an_object_or_a_JSON_string(string arguments)
    {
        using var harness = Harness();
        var toolCalls = """[{"id":"c0","type":"function","function":{"name":"other_tool","arguments":{}}},{"id":"c1","type":"function","function":{"name":"search_tool","arguments":""" + arguments.Trim() + "}}]";

        var turn = await ApplyAsync(harness, Request("""[{"role":"user","content":"the question"}]""", "true", toolCalls));

        _engine.Queries.Should().Equal(new WebSearchQuery("tool query", 20, "de-de"));
        _server.PageRequests.Should().BeEmpty("add_text false uses the snippets");
        LastContent(turn.Messages!).Should().Be($"### Title: Page A\n\nsnippet a\n\n> **Source:** [[0]]({_server.Page("a")})\n\nthe question");
        harness.Log.Lines.Should().StartWith(["Processing tool call: search_tool", "web_search is not used: the search tool call searches instead"]);
    }

    [Fact]
    public async Task A_failed_search_tool_call_ends_the_turn_with_an_error()
    {
        using var harness = Harness(new FixedWebSearch("DuckDuckGo") { Failure = new WebSearchException("DuckDuckGo could not be reached.") });

        var turn = await ApplyAsync(harness, Request("""[{"role":"user","content":"q"}]""", toolCalls: """[{"type":"function","function":{"name":"search_tool","arguments":{"query":"x"}}}]"""));

        turn.Failure.Should().Be(new ErrorEvent("WebSearchError", "WebSearchError: DuckDuckGo could not be reached."));
    }

    [Fact]
    public async Task Search_tool_arguments_of_more_values_than_a_tool_may_hold_are_refused_unparsed()
    {
        using var harness = Harness();
        var zeros = string.Join(',', Enumerable.Repeat('0', JsonValueCount.MaxToolArguments));
        var arguments = JsonSerializer.Serialize("{\"query\":\"q\",\"n\":[" + zeros + "]}");

        var turn = await ApplyAsync(harness, Request("""[{"role":"user","content":"q"}]""", toolCalls: """[{"type":"function","function":{"name":"search_tool","arguments":""" + arguments + "}}]"));

        turn.Failure.Should().Be(new ErrorEvent("ValueError", "ValueError: Tool function arguments must be a dictionary or a json string"));
    }

    [Theory]
    [InlineData("\"not json\"")]
    [InlineData("[1, 2]")]
    [InlineData("\"[1]\"")]
    [InlineData("\"{\\\"query\\\":\\\"a\\\",\\\"query\\\":\\\"b\\\"}\"")]
    [InlineData("\"{\\\"query\\\":\\\"\\\\ud800\\\"}\"")]
    public async Task Search_tool_arguments_that_are_no_object_end_the_turn_with_a_ValueError(string arguments)
    {
        using var harness = Harness();

        var turn = await ApplyAsync(harness, Request("""[{"role":"user","content":"q"}]""", toolCalls: """[{"type":"function","function":{"name":"search_tool","arguments":""" + arguments + "}}]"));

        turn.Failure.Should().Be(new ErrorEvent("ValueError", "ValueError: Tool function arguments must be a dictionary or a json string"));
        _engine.Calls.Should().Be(0);
    }

    [Fact]
    public async Task Search_tool_arguments_of_the_wrong_type_are_left_out_and_noted()
    {
        using var harness = Harness();

        await ApplyAsync(harness, Request("""[{"role":"user","content":"first line\nsecond"}]""", toolCalls: """[{"type":"function","function":{"name":"search_tool","arguments":{"query":7,"max_results":2.5,"add_text":"maybe"}}}]"""));

        _engine.Queries.Should().Equal(new WebSearchQuery("first line", 5, "us-en"));
        harness.Log.Lines.Should().Contain([
            "Ignored search_tool argument 'query': it is not a string",
            "Ignored search_tool argument 'max_results': it is not a whole number",
            "Ignored search_tool argument 'add_text': it is not a boolean",
        ]);
    }

    [Fact]
    public async Task With_search_turned_off_web_search_is_a_log_line_and_a_search_tool_call_an_error()
    {
        using var harness = Harness(configure: o => o.Search.Enabled = false);

        var webSearch = await ApplyAsync(harness, Request("""[{"role":"user","content":"q"}]""", "true"));
        var tool = await ApplyAsync(harness, Request("""[{"role":"user","content":"q"}]""", toolCalls: """[{"type":"function","function":{"name":"search_tool","arguments":"{}"}}]"""));

        webSearch.Failure.Should().BeNull();
        harness.Log.Lines.Should().Contain("Couldn't do web search: WebSearchError: Web search is turned off on this server.");
        tool.Failure.Should().Be(new ErrorEvent("WebSearchError", "WebSearchError: Web search is turned off on this server."));
        _engine.Calls.Should().Be(0);
    }
}
