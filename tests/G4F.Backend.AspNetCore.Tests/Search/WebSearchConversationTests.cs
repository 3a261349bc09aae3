using System.Text.Json.Nodes;
using G4F.Backend.AspNetCore.Tests.Infrastructure;
using G4F.Backend.Testing;
using Snapshooter.Xunit;

namespace G4F.Backend.AspNetCore.Tests.Search;

/// <summary>
/// Web search in a conversation end to end (PROTOCOL 3.8 items 2 and 4, 3.6 item 6): the sample host, a fake
/// DuckDuckGo and result pages on 127.0.0.1, and a fake upstream that records the prompt it receives.
/// </summary>
public sealed class WebSearchConversationTests : IAsyncLifetime
{
    private const string Instructions = "\nUsing the provided web search results, to write a comprehensive reply to the user request.\n"
        + "Make sure to add the sources of cites using [[Number]](Url) notation after the reference. Example: [[0]](http://google.com)\n";

    private FakeUpstream _upstream = null!;
    private FakeSearchEngine _search = null!;
    private string _hello = null!;

    public async Task InitializeAsync()
    {
        _upstream = await FakeUpstream.StartAsync();
        _search = await FakeSearchEngine.StartAsync();
        _hello = _search.MapPage("hello", "<html><body><nav>Home | About</nav><main><h1>Hello</h1><p>People say hi to greet.</p></main></body></html>");
        _search.Results(("Hello - Example", _hello, "A page about hello."));
    }

    public async Task DisposeAsync()
    {
        await _upstream.DisposeAsync();
        await _search.DisposeAsync();
    }

    private BackendFactory Backend() => new(BackendFactory.Merge(
        BackendFactory.OpenAIProvider("Fake", _upstream.OpenAIBaseUrl),
        new Dictionary<string, string?>
        {
            ["G4F:Search:DuckDuckGoUrl"] = _search.DuckDuckGoUrl,
            ["G4F:Downloads:AllowedNetworks:0"] = "127.0.0.1/32",
        }));

    private JsonObject UpstreamBody() => _upstream.Requests.Single(r => r.Path.EndsWith("/chat/completions", StringComparison.Ordinal)).JsonBody!.AsObject();

    private string UpstreamPrompt() => UpstreamBody()["messages"]!.AsArray()[^1]!["content"]!.GetValue<string>();

    private string HelloBlock => $"### Title: Hello - Example\n\nHello\nPeople say hi to greet.\n\n> **Source:** [[0]]({_hello})";

    [Fact]
    public async Task Web_search_true_sends_the_search_prompt_upstream_and_the_sources_just_before_finish()
    {
        _upstream.Reply = FakeReply.Text("Hi", $" there! [[0]]({_hello})").WithUsage(310, 9);
        await using var factory = Backend();

        var transcript = await factory.CreateClient().ConverseAsync("""
            {"model":"fake-model","provider":"Fake","messages":[{"role":"user","content":"Say hi"}],"web_search":true}
            """);

        _search.DuckDuckGoForms.Single()["q"].Should().Be("Say hi");
        UpstreamPrompt().Should().Be($"{HelloBlock}\n\nInstruction: {Instructions}\n\nUser request:\nSay hi");
        transcript.Types.Should().Equal("provider", "parameters", "content", "content", "content", "finish", "usage");
        transcript.OfType("content").Last().GetProperty("content").GetString().Should().Be($"\n\n\n\n> [0] [Hello - Example]({_hello})");
        transcript.Raw.Replace(_search.BaseUrl, "http://search.test", StringComparison.Ordinal).Split('\n').MatchSnapshot();
        Directory.GetFiles(Path.Combine(factory.DataDirectory, "search"), "*.json", SearchOption.AllDirectories).Should().ContainSingle("the results are kept for the day");
    }

    [Fact]
    public async Task Without_a_finish_reason_the_sources_come_after_the_answer()
    {
        _upstream.Reply = FakeReply.Chunks("""{"id":"c","model":"fake-model","choices":[{"index":0,"delta":{"content":"Hi"},"finish_reason":null}]}""");
        await using var factory = Backend();

        var transcript = await factory.CreateClient().ConverseAsync("""
            {"provider":"Fake","messages":[{"role":"user","content":"Say hi"}],"web_search":"hello greeting"}
            """);

        _search.DuckDuckGoForms.Single()["q"].Should().Be("hello greeting");
        transcript.Types.Should().NotContain("finish");
        transcript.Content.Should().Be($"Hi\n\n\n\n> [0] [Hello - Example]({_hello})");
        transcript.Types.Last().Should().Be("usage");
    }

    [Fact]
    public async Task A_failed_search_is_a_log_line_in_debug_mode_and_the_answer_comes_with_the_original_prompt()
    {
        _search.DuckDuckGoStatus = 500;
        await using var factory = Backend();

        var transcript = await factory.CreateClient().ConverseAsync("""
            {"provider":"Fake","debug_mode":true,"messages":[{"role":"user","content":"Say hi"}],"web_search":true}
            """);

        UpstreamPrompt().Should().Be("Say hi");
        transcript.Types.Should().NotContain("error");
        transcript.Content.Should().Be("Hello world", "no sources without results");
        transcript.OfType("log").Select(l => l.GetProperty("log").GetString()).Should().StartWith(
            ["Performing web search with value: True", "Couldn't do web search: WebSearchError: DuckDuckGo answered 500."]);
        factory.Logs.GetSnapshot().Select(r => r.Message).Should().Contain("Web search with DuckDuckGo failed: DuckDuckGo answered 500.");
    }

    [Fact]
    public async Task A_search_tool_call_replaces_the_prompt_with_its_query_and_instructions_and_is_not_sent_upstream()
    {
        await using var factory = Backend();

        var transcript = await factory.CreateClient().ConverseAsync("""
            {"model":"fake-model","provider":"Fake","messages":[{"role":"user","content":"Tell me more"}],
             "tool_calls":[{"id":"call_1","type":"function","function":{"name":"search_tool","arguments":"{\"query\":\"hello origin\",\"instructions\":\"Cite as [n].\",\"max_results\":3}"}}]}
            """);

        _search.DuckDuckGoForms.Single()["q"].Should().Be("hello origin");
        UpstreamPrompt().Should().Be($"{HelloBlock}\n\nInstruction: Cite as [n].\n\nUser request:\nTell me more");
        UpstreamBody().ContainsKey("tool_calls").Should().BeFalse();
        transcript.Types.Should().Equal("provider", "parameters", "content", "content", "content", "finish", "usage");
    }

    [Fact]
    public async Task A_failed_search_tool_call_ends_the_turn_with_an_error_event_and_no_upstream_call()
    {
        _search.DuckDuckGoStatus = 503;
        await using var factory = Backend();

        var transcript = await factory.CreateClient().ConverseAsync("""
            {"provider":"Fake","messages":[{"role":"user","content":"Tell me more"}],
             "tool_calls":[{"type":"function","function":{"name":"search_tool","arguments":{"query":"x"}}}]}
            """);

        transcript.Types.Should().Equal("provider", "parameters", "error");
        var error = transcript.OfType("error").Single();
        error.GetProperty("error").GetString().Should().Be("WebSearchError");
        error.GetProperty("message").GetString().Should().Be("WebSearchError: DuckDuckGo answered 503.");
        _upstream.Requests.Should().NotContain(r => r.Path.EndsWith("/chat/completions", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_result_page_on_a_private_address_is_not_fetched_and_its_snippet_is_used()
    {
        _search.Results(("Metadata", "http://169.254.169.254/latest/meta-data/", "metadata snippet"), ("Hello - Example", _hello, "A page about hello."));
        await using var factory = Backend();

        var transcript = await factory.CreateClient().ConverseAsync("""
            {"provider":"Fake","debug_mode":true,"messages":[{"role":"user","content":"Say hi"}],"web_search":true}
            """);

        UpstreamPrompt().Should().StartWith("### Title: Metadata\n\nmetadata snippet\n\n> **Source:** [[0]](http://169.254.169.254/latest/meta-data/)\n\n\n\n### Title: Hello - Example");
        transcript.OfType("log").Select(l => l.GetProperty("log").GetString()).Should().Contain(
            "Web search result 0 not read, its snippet is used: 169.254.169.254: The URL points to an address that may not be fetched.");
    }
}
