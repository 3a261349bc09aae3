using G4F.Backend.Search;
using G4F.Backend.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace G4F.Backend.Core.Tests.Search;

/// <summary>A whole search against loopback fakes: engine, result pages through the safe downloader, word budget.</summary>
public sealed class WebSearchServiceTests : IAsyncLifetime
{
    private FakeSearchEngine _server = null!;

    public async Task InitializeAsync() => _server = await FakeSearchEngine.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task DuckDuckGo_is_posted_the_query_and_region_and_the_result_pages_are_read()
    {
        var a = _server.MapPage("a", "<html><body><nav>Menu</nav><main><h1>Alpha</h1><p>Alpha body text.</p></main></body></html>");
        var b = _server.MapPage("b", "<html><body><article><p>Beta body.</p></article><footer>Footer</footer></body></html>");
        _server.Results(("Alpha page", a, "alpha snippet"), ("Beta page", b, "beta snippet"));
        using var harness = new SearchHarness(_server);

        var results = await harness.SearchAsync("  what is alpha  ");

        _server.DuckDuckGoForms.Should().ContainSingle().Which.Should().BeEquivalentTo(new Dictionary<string, string>
        {
            ["q"] = "what is alpha",
            ["df"] = "y",
            ["kl"] = "us-en",
        });
        results.Results.Should().Equal(
            new WebSearchResult("Alpha page", a, "alpha snippet", "Alpha\nAlpha body text."),
            new WebSearchResult("Beta page", b, "beta snippet", "Beta body."));
        results.UsedWords.Should().Be(6);
    }

    [Fact]
    public async Task The_word_budget_is_shared_and_what_short_pages_leave_goes_to_long_ones()
    {
        var words = string.Join(' ', Enumerable.Range(1, 100).Select(i => $"w{i}"));
        var small = _server.MapPage("small", "<p>one two</p>");
        var long1 = _server.MapPage("long1", $"<p>{words}</p>");
        var long2 = _server.MapPage("long2", $"<p>{words}</p>");
        _server.Results(("S", small, "s"), ("L1", long1, "l"), ("L2", long2, "l"));
        using var harness = new SearchHarness(_server, o => o.Search.MaxWords = 30);

        var results = await harness.SearchAsync("budget");

        results.Results.Select(r => r.Text!.Split(' ').Length).Should().Equal(2, 14, 14);
        results.UsedWords.Should().Be(30);
        results.Results[1].Text.Should().StartWith("w1 w2").And.EndWith("w14");
    }

    [Fact]
    public async Task A_page_that_fails_or_is_refused_stands_in_with_its_snippet_and_the_metadata_address_is_never_fetched()
    {
        var good = _server.MapPage("good", "<p>Good page.</p>");
        var missing = _server.Page("missing");
        const string metadata = "http://169.254.169.254/latest/meta-data/";
        _server.Server.MapFile("/pages/image", "image/png", [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A, 0]);
        _server.Results(("Good", good, "good snippet"), ("Missing", missing, "missing snippet"), ("Metadata", metadata, "metadata snippet"), ("Image", _server.Page("image"), "image snippet"));
        using var harness = new SearchHarness(_server);

        var results = await harness.SearchAsync("fallback");

        results.Results.Select(r => (r.Text, r.Snippet)).Should().Equal(
            ("Good page.", "good snippet"),
            (null, "missing snippet"),
            (null, "metadata snippet"),
            (null, "image snippet"));
        harness.Log.Lines.Should().Equal(
            "Web search result 1 not read, its snippet is used: 127.0.0.1: The server answered 404.",
            "Web search result 2 not read, its snippet is used: 169.254.169.254: The URL points to an address that may not be fetched.",
            "Web search result 3 not read, its snippet is used: 127.0.0.1: not a web page (image/png).");
        harness.ServerLog.Should().Contain("Web search result page on 169.254.169.254 not read (Unsafe); its snippet is used")
            .And.NotContain(m => m.Contains("/pages/", StringComparison.Ordinal), "logs name hosts only");
    }

    [Fact]
    public async Task Without_add_text_no_page_is_fetched_and_snippets_are_cut_to_the_budget()
    {
        _server.Results(("A", _server.Page("a"), "one two three four"), ("B", _server.Page("b"), "five six seven"));
        using var harness = new SearchHarness(_server, o => o.Search.MaxWords = 4);

        var results = await harness.SearchAsync("snippets", a => a with { AddText = false });

        _server.PageRequests.Should().BeEmpty();
        results.Results.Select(r => (r.Text, r.Snippet)).Should().Equal((null, "one two"), (null, "five six"));
    }

    [Fact]
    public async Task The_same_search_on_the_same_UTC_day_is_answered_from_the_cache_and_the_next_day_searches_again()
    {
        var a = _server.MapPage("a", "<p>Cached text.</p>");
        _server.Results(("A", a, "snippet"));
        using var harness = new SearchHarness(_server);
        var first = await harness.SearchAsync("cache me");
        var requests = _server.Server.Requests.Count;

        harness.Time.Advance(TimeSpan.FromHours(13)); // 23:00 UTC, still the same day
        var second = await harness.SearchAsync("cache me");
        var other = await harness.SearchAsync("cache me", q => q with { MaxWords = 10 });

        second.Should().BeEquivalentTo(first);
        _server.Server.Requests.Count.Should().Be(requests + 2, "only the search with other options went out (engine and page)");
        harness.Log.Lines.Should().Contain("Web search answered from today's cache (DuckDuckGo)");
        Directory.GetFiles(Path.Combine(harness.DataDirectory, "search", "2026-08-21")).Should().HaveCount(2)
            .And.AllSatisfy(f => Path.GetFileName(f).Should().MatchRegex("^[0-9a-f]{64}\\.json$"));

        harness.Time.Advance(TimeSpan.FromHours(2)); // the next UTC day
        await harness.SearchAsync("cache me");

        _server.EngineRequests.Should().Be(3);
        Directory.GetDirectories(Path.Combine(harness.DataDirectory, "search")).Select(Path.GetFileName).Should().Equal("2026-08-22");
    }

    [Fact]
    public async Task A_result_with_a_page_that_timed_out_or_a_shortened_page_limit_is_not_kept_for_the_day()
    {
        var stalled = _server.Server.MapStall("/pages/stall");
        _server.Results(("Slow", _server.Page("stall"), "slow snippet"));
        using var harness = new SearchHarness(_server);

        var search = harness.SearchAsync("slow");
        await stalled.WaitAsync(TimeSpan.FromSeconds(30));
        harness.Time.Advance(TimeSpan.FromSeconds(5));
        await search.WaitAsync(TimeSpan.FromSeconds(30));
        var a = _server.MapPage("a", "<p>Fast text.</p>");
        _server.Results(("A", a, "snippet"));
        await harness.SearchAsync("hurried", q => q with { PageTimeout = TimeSpan.FromMilliseconds(1) });
        await harness.SearchAsync("hurried");

        _server.EngineRequests.Should().Be(3, "neither a timed-out page nor a caller's shorter page limit may set what everyone gets today");
        (await harness.SearchAsync("hurried")).Results.Single().Text.Should().NotBeNull();
        _server.EngineRequests.Should().Be(3, "a complete result is cached");
    }

    [Fact]
    public async Task A_search_without_results_is_not_cached()
    {
        using var harness = new SearchHarness(_server);

        (await harness.SearchAsync("nothing")).Results.Should().BeEmpty();
        (await harness.SearchAsync("nothing")).Results.Should().BeEmpty();

        _server.EngineRequests.Should().Be(2);
    }

    [Fact]
    public async Task SearXNG_is_asked_for_JSON_when_configured_or_named_by_the_backend_argument()
    {
        var a = _server.MapPage("a", "<p>From SearXNG.</p>");
        _server.SearxngJson = $$"""{"query":"q","results":[{"title":"Searx A","url":"{{a}}","content":"searx snippet","engine":"bing"},{"title":"No URL"},{"title":"FTP","url":"ftp://x.example/"}]}""";
        _server.Results(("Duck", _server.MapPage("d", "<p>From DuckDuckGo.</p>"), "duck"));
        using var configured = new SearchHarness(_server, o => o.Search.Engine = "searxng");
        using var defaulted = new SearchHarness(_server);

        var fromConfiguration = await configured.SearchAsync("privacy first");
        var fromArgument = await defaulted.SearchAsync("privacy second", q => q with { Engine = "SEARXNG", Region = "de-de" });
        var fallback = await defaulted.SearchAsync("privacy third", q => q with { Engine = "bing" });

        fromConfiguration.Results.Should().Equal(new WebSearchResult("Searx A", a, "searx snippet", "From SearXNG."));
        fromArgument.Results.Should().Equal(fromConfiguration.Results);
        fallback.Results.Single().Title.Should().Be("Duck");
        defaulted.Log.Lines.Should().Contain("Web search backend 'bing' is not an engine of this server; the configured engine is used");
        _server.Server.Requests.Where(r => r.StartsWith("/searx/", StringComparison.Ordinal)).Should().Equal(
            "/searx/search?q=privacy%20first&format=json&categories=general&language=en-US",
            "/searx/search?q=privacy%20second&format=json&categories=general&language=de-DE");
    }

    [Fact]
    public async Task A_host_engine_replaces_a_built_in_one_of_the_same_name()
    {
        var page = _server.MapPage("host", "<p>Host engine page.</p>");
        using var harness = new SearchHarness(_server, services: s => s.AddSingleton<IWebSearch>(new FixedWebSearch("duckduckgo", new WebSearchHit("Host", page, "host snippet"), new WebSearchHit("Bad", "javascript:alert(1)", "x"))));

        var results = await harness.SearchAsync("anything");

        results.Results.Should().Equal(new WebSearchResult("Host", page, "host snippet", "Host engine page."));
        _server.EngineRequests.Should().Be(0);
    }

    [Theory]
    [InlineData(500, "<html></html>", "DuckDuckGo answered 500.")]
    [InlineData(202, DuckDuckGoPages.BotCheck, "DuckDuckGo asked for a bot check instead of answering; try again later.")]
    public async Task An_engine_failure_is_a_WebSearchException_with_a_client_safe_message(int status, string html, string message)
    {
        _server.DuckDuckGoStatus = status;
        _server.DuckDuckGoHtml = html;
        using var harness = new SearchHarness(_server);

        var act = () => harness.SearchAsync("fails");

        (await act.Should().ThrowAsync<WebSearchException>()).WithMessage(message);
        harness.ServerLog.Should().Contain($"Web search with DuckDuckGo failed: {message}");
    }

    [Fact]
    public async Task An_unreachable_engine_a_too_large_answer_an_unknown_engine_and_search_turned_off_fail_cleanly()
    {
        using (var unreachable = new SearchHarness(_server, o => o.Search.DuckDuckGoUrl = $"http://127.0.0.1:{G4F.Backend.Testing.FakeUpstream.GetUnusedLoopbackPort()}/html/"))
        {
            (await FluentActions.Awaiting(() => unreachable.SearchAsync("x")).Should().ThrowAsync<WebSearchException>()).WithMessage("DuckDuckGo could not be reached.");
            unreachable.ServerLog.Should().ContainSingle(m => m.StartsWith("Web search with DuckDuckGo failed: HttpRequestException", StringComparison.Ordinal));
        }

        _server.Results(("A", _server.Page("a"), new string('x', 5000)));
        using (var small = new SearchHarness(_server, o => o.Search.MaxResponseBytes = 1000))
        {
            (await FluentActions.Awaiting(() => small.SearchAsync("x")).Should().ThrowAsync<WebSearchException>()).WithMessage("DuckDuckGo answered with more than 1000 bytes.");
        }

        using (var unknown = new SearchHarness(_server, o => o.Search.Engine = "Bing"))
        {
            (await FluentActions.Awaiting(() => unknown.SearchAsync("x")).Should().ThrowAsync<WebSearchException>()).WithMessage("The search engine 'Bing' is not registered on this server.");
        }

        using (var off = new SearchHarness(_server, o => o.Search.Enabled = false))
        {
            (await FluentActions.Awaiting(() => off.SearchAsync("x")).Should().ThrowAsync<WebSearchException>()).WithMessage("Web search is turned off on this server.");
        }
    }

    [Fact]
    public async Task A_stalled_page_is_given_up_after_the_page_timeout_and_its_snippet_is_used()
    {
        var stalled = _server.Server.MapStall("/pages/stall");
        _server.Results(("Slow", _server.Page("stall"), "slow snippet"));
        using var harness = new SearchHarness(_server);

        var search = harness.SearchAsync("slow");
        await stalled.WaitAsync(TimeSpan.FromSeconds(30));
        harness.Time.Advance(TimeSpan.FromSeconds(5));
        var results = await search.WaitAsync(TimeSpan.FromSeconds(30));

        results.Results.Should().Equal(new WebSearchResult("Slow", _server.Page("stall"), "slow snippet", null));
        harness.Log.Lines.Should().Equal("Web search result 0 not read, its snippet is used: 127.0.0.1: the page took too long.");
    }

    [Fact]
    public async Task A_stalled_engine_fails_the_search_after_the_overall_timeout()
    {
        var stalled = _server.Server.MapStall("/html/");
        using var harness = new SearchHarness(_server, o => o.Search.Timeout = TimeSpan.FromSeconds(8));

        var search = harness.SearchAsync("stuck");
        await stalled.WaitAsync(TimeSpan.FromSeconds(30));
        harness.Time.Advance(TimeSpan.FromSeconds(8));

        (await FluentActions.Awaiting(() => search.WaitAsync(TimeSpan.FromSeconds(30))).Should().ThrowAsync<WebSearchException>())
            .WithMessage("DuckDuckGo did not answer in time.");
    }

    [Fact]
    public async Task The_blocks_for_CachedSearch_are_the_prompt_blocks()
    {
        var a = _server.MapPage("a", "<p>Block text.</p>");
        _server.Results(("A title", a, "snippet"));
        using var harness = new SearchHarness(_server);

        var blocks = await harness.Service.SearchBlocksAsync("blocks", null, harness.Log, CancellationToken.None);

        blocks.Should().Be($"### Title: A title\n\nBlock text.\n\n> **Source:** [[0]]({a})");
        (await harness.Service.SearchBlocksAsync("   ", null, null, CancellationToken.None)).Should().BeEmpty();
    }

    [Fact]
    public void Word_shares_serve_short_texts_first_and_never_exceed_the_budget()
    {
        WebSearchService.WordShares([2, 100, 100], 30).Should().Equal(2, 14, 14);
        WebSearchService.WordShares([10, 10], 100).Should().Equal(10, 10);
        WebSearchService.WordShares([5, 5, 5], 2).Should().Equal(0, 1, 1);
        WebSearchService.WordShares([], 10).Should().BeEmpty();
    }
}
