using System.Net;
using System.Text.Json.Nodes;
using G4F.Backend.AspNetCore.Tests.Infrastructure;
using G4F.Backend.Testing;

namespace G4F.Backend.AspNetCore.Tests.QuickAnswers;

/// <summary><c>GET /create</c> with <c>provider=CachedSearch</c> (the client's web search) and <c>web_search</c> (PROTOCOL 3.8, 4).</summary>
public sealed class QuickAnswerSearchTests : IAsyncLifetime
{
    private FakeUpstream _upstream = null!;
    private FakeSearchEngine _search = null!;
    private string _page = null!;

    public async Task InitializeAsync()
    {
        _upstream = await FakeUpstream.StartAsync();
        _search = await FakeSearchEngine.StartAsync();
        _page = _search.MapPage("foxes", "<html><body><main><p>Foxes are small canids.</p></main></body></html>");
        _search.Results(("Fox facts", _page, "All about foxes."));
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

    private string Block => $"### Title: Fox facts\n\nFoxes are small canids.\n\n> **Source:** [[0]]({_page})";

    [Fact]
    public async Task CachedSearch_answers_the_result_blocks_without_any_model_and_caches_them()
    {
        await using var factory = Backend();
        var client = factory.CreateClient();

        using var response = await client.GetAsync("/backend-api/v2/create?provider=CachedSearch&prompt=foxes&cache=1");
        var again = await client.GetStringAsync("/backend-api/v2/create?provider=CachedSearch&prompt=foxes&cache=1");

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.ToString().Should().Be("text/plain; charset=utf-8");
        (await response.Content.ReadAsStringAsync()).Should().Be(Block);
        again.Should().Be(Block);
        _search.DuckDuckGoForms.Should().ContainSingle().Which["q"].Should().Be("foxes");
        _upstream.Requests.Should().BeEmpty("CachedSearch is no model");
    }

    [Fact]
    public async Task A_failed_CachedSearch_is_a_500_with_the_search_error()
    {
        _search.DuckDuckGoStatus = 503;
        await using var factory = Backend();

        using var response = await factory.CreateClient().GetAsync("/backend-api/v2/create?provider=CachedSearch&prompt=foxes");

        response.StatusCode.Should().Be(HttpStatusCode.InternalServerError);
        var message = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["error"]!["message"]!.GetValue<string>();
        message.Should().StartWith("WebSearchError: ");
    }

    [Theory]
    [InlineData("true", "Tell me about foxes")]
    [InlineData("1", "Tell me about foxes")]
    [InlineData("fox%20facts", "fox facts")]
    public async Task Web_search_puts_the_results_into_the_prompt_and_appends_the_sources(string webSearch, string query)
    {
        _upstream.Reply = FakeReply.Text("Foxes are canids [[0]].");
        await using var factory = Backend();

        var text = await factory.CreateClient().GetStringAsync($"/backend-api/v2/create?provider=Fake&prompt=Tell%20me%20about%20foxes&web_search={webSearch}");

        _search.DuckDuckGoForms.Single()["q"].Should().Be(query);
        var prompt = _upstream.Requests.Single(r => r.Path.EndsWith("/chat/completions", StringComparison.Ordinal)).JsonBody!["messages"]![0]!["content"]!.GetValue<string>();
        prompt.Should().StartWith(Block).And.EndWith("User request:\nTell me about foxes");
        text.Should().Be($"Foxes are canids [[0]].\n\n\n\n> [0] [Fox facts]({_page})");
    }
}
