using System.Net;
using System.Text.Json;
using G4F.Backend.AspNetCore.Tests.Infrastructure;
using G4F.Backend.Testing;
using Snapshooter.Xunit;

namespace G4F.Backend.AspNetCore.Tests.Catalog;

public sealed class CatalogEndpointTests : IAsyncLifetime
{
    private FakeUpstream _openAI = null!;
    private FakeUpstream _ollama = null!;

    public async Task InitializeAsync()
    {
        _openAI = await FakeUpstream.StartAsync();
        _openAI.Models.Clear();
        _openAI.Models.Add("gpt-fake");
        _openAI.Models.Add("shared-model");
        _ollama = await FakeUpstream.StartAsync();
        _ollama.Models.Clear();
        _ollama.Models.Add("llama3.2:latest");
        _ollama.Models.Add("shared-model");
    }

    public async Task DisposeAsync()
    {
        await _openAI.DisposeAsync();
        await _ollama.DisposeAsync();
    }

    private BackendFactory Backend(params (string Key, string? Value)[] extra)
    {
        var settings = BackendFactory.Merge(
            BackendFactory.OpenAIProvider("OpenRouter", _openAI.OpenAIBaseUrl, priority: 1),
            new Dictionary<string, string?>
            {
                ["G4F:Providers:OpenRouter:Label"] = "Open Router",
                ["G4F:Providers:OpenRouter:LoginUrl"] = "https://openrouter.example/keys",
                ["G4F:Providers:OpenRouter:RequiresApiKey"] = "true",
                ["G4F:Providers:OpenRouter:DefaultModel"] = "gpt-fake",
                ["G4F:Providers:OpenRouter:VisionModels:0"] = "gpt-fake",
                ["G4F:Providers:OpenRouter:ImageModels:0"] = "flux",
                ["G4F:Providers:Local:Type"] = "Ollama",
                ["G4F:Providers:Local:BaseUrl"] = _ollama.BaseUrl,
                ["G4F:Providers:Local:Priority"] = "0",
                ["G4F:Providers:Static:Type"] = "OpenAICompatible",
                ["G4F:Providers:Static:BaseUrl"] = "http://127.0.0.1:9/v1",
                ["G4F:Providers:Static:Models:0"] = "static-a",
                ["G4F:Providers:Static:Priority"] = "2",
                ["G4F:Providers:Off:Type"] = "OpenAICompatible",
                ["G4F:Providers:Off:BaseUrl"] = "http://127.0.0.1:9/v1",
                ["G4F:Providers:Off:Enabled"] = "false",
            });
        foreach (var (key, value) in extra)
        {
            settings[key] = value;
        }

        return new BackendFactory(settings);
    }

    [Fact]
    public async Task Providers_lists_every_enabled_provider_with_the_protocol_fields()
    {
        await using var factory = Backend();

        var json = await factory.CreateClient().GetStringAsync("/backend-api/v2/providers");

        Newtonsoft.Json.Linq.JToken.Parse(json).MatchSnapshot();
    }

    [Fact]
    public async Task Models_maps_each_provider_to_its_model_ids_in_routing_order()
    {
        await using var factory = Backend();

        var json = await factory.CreateClient().GetStringAsync("/backend-api/v2/models");

        json.Should().Be("""{"Local":["llama3.2:latest","shared-model"],"OpenRouter":["gpt-fake","shared-model","flux"],"Static":["static-a"]}""");
    }

    [Fact]
    public async Task A_provider_that_is_down_is_listed_empty_and_does_not_break_the_others()
    {
        _ollama.ModelsReply = FakeReply.Status(500, "boom", "text/plain");
        await using var factory = Backend();

        var json = await factory.CreateClient().GetStringAsync("/backend-api/v2/models");

        json.Should().Be("""{"Local":[],"OpenRouter":["gpt-fake","shared-model","flux"],"Static":["static-a"]}""");
    }

    [Fact]
    public async Task A_slow_provider_is_listed_empty_within_the_listing_timeout()
    {
        _ollama.ModelsReply = FakeReply.Text().WithDelayBeforeHeaders(TimeSpan.FromSeconds(30));
        await using var factory = Backend(("G4F:ModelListTimeout", "00:00:00.300"));

        var json = await factory.CreateClient().GetStringAsync("/backend-api/v2/models").WaitAsync(TimeSpan.FromSeconds(20));

        json.Should().StartWith("""{"Local":[],""");
    }

    [Fact]
    public async Task Models_are_cached_between_calls()
    {
        await using var factory = Backend();
        var client = factory.CreateClient();

        await client.GetStringAsync("/backend-api/v2/models");
        await client.GetStringAsync("/backend-api/v2/models");

        _openAI.Requests.Count(r => r.Path == "/v1/models").Should().Be(1);
        _ollama.Requests.Count(r => r.Path == "/api/tags").Should().Be(1);
    }

    [Fact]
    public async Task Models_of_one_provider_carry_capability_flags()
    {
        await using var factory = Backend();

        var json = await factory.CreateClient().GetStringAsync("/backend-api/v2/models/openrouter");

        Newtonsoft.Json.Linq.JToken.Parse(json).MatchSnapshot();
    }

    [Fact]
    public async Task Models_of_AnyProvider_count_the_providers_per_model_and_honour_ignored()
    {
        await using var factory = Backend();
        var client = factory.CreateClient();

        using var all = JsonDocument.Parse(await client.GetStringAsync("/backend-api/v2/models/AnyProvider"));
        using var ignored = JsonDocument.Parse(await client.GetStringAsync("/backend-api/v2/models/AnyProvider?ignored=Local%20Static"));

        all.RootElement.EnumerateArray().Single(m => m.GetProperty("id").GetString() == "shared-model").GetProperty("count").GetInt32().Should().Be(2);
        ignored.RootElement.EnumerateArray().Select(m => m.GetProperty("id").GetString()).Should().Equal("default", "gpt-fake", "shared-model", "flux");
        all.RootElement[0].GetProperty("default").GetBoolean().Should().BeTrue("the original lists \"default\" first: the router's choice");
    }

    [Fact]
    public async Task Models_of_an_unknown_provider_is_an_empty_list_as_in_the_original()
    {
        await using var factory = Backend();

        using var response = await factory.CreateClient().GetAsync("/backend-api/v2/models/Nope");

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        (await response.Content.ReadAsStringAsync()).Should().Be("[]");
    }

    [Fact]
    public async Task A_session_token_in_x_api_key_is_not_sent_upstream()
    {
        await using var factory = Backend(("G4F:Providers:OpenRouter:ApiKey", "sk-server-key"));
        using var request = new HttpRequestMessage(HttpMethod.Get, "/backend-api/v2/models/OpenRouter");
        request.Headers.Add("x-api-key", "g4f_session_token");

        using var response = await factory.CreateClient().SendAsync(request);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        _openAI.Requests.Last().Headers["Authorization"].Should().Be("Bearer sk-server-key");
    }

    [Fact]
    public async Task Models_of_a_provider_that_rejects_the_key_is_401_and_the_key_comes_from_x_api_key()
    {
        _openAI.ModelsReply = FakeReply.Status(401, """{"error":{"message":"invalid key"}}""");
        await using var factory = Backend();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/backend-api/v2/models/OpenRouter");
        request.Headers.Add("x-api-key", "sk-header-key");

        using var response = await factory.CreateClient().SendAsync(request);

        response.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        (await response.Content.ReadAsStringAsync()).Should().Contain("MissingAuthError: Response 401: invalid key");
        _openAI.Requests.Last().Headers["Authorization"].Should().Be("Bearer sk-header-key");
    }

    [Fact]
    public async Task Version_reports_the_assembly_version_and_the_latest_from_the_feed()
    {
        _openAI.RawResponses["/v3-flatcontainer/g4f.backend.aspnetcore/index.json"] = """{"versions":["0.1.0","0.9.0","1.0.0-beta.1","0.10.0"]}""";
        await using var factory = Backend(("G4F:LatestVersionUrl", _openAI.BaseUrl + "/v3-flatcontainer/g4f.backend.aspnetcore/index.json"));
        var client = factory.CreateClient();

        using var first = JsonDocument.Parse(await client.GetStringAsync("/backend-api/v2/version?cache=true"));
        await client.GetStringAsync("/backend-api/v2/version");

        first.RootElement.GetProperty("version").GetString().Should().MatchRegex(@"^\d+\.\d+\.\d+");
        first.RootElement.GetProperty("latest_version").GetString().Should().Be("0.10.0");
        _openAI.Requests.Count(r => r.Path.StartsWith("/v3-flatcontainer", StringComparison.Ordinal)).Should().Be(1, "the lookup is cached");
    }

    [Fact]
    public async Task Version_reports_no_latest_version_when_the_feed_has_nothing_newer()
    {
        _openAI.RawResponses["/index.json"] = """{"versions":["0.0.1","0.0.9"]}""";
        await using var factory = Backend(("G4F:LatestVersionUrl", _openAI.BaseUrl + "/index.json"));

        using var json = JsonDocument.Parse(await factory.CreateClient().GetStringAsync("/backend-api/v2/version"));

        json.RootElement.GetProperty("latest_version").ValueKind.Should().Be(JsonValueKind.Null, "an older published version must not show a 'new version' banner");
    }

    [Fact]
    public async Task Version_reads_at_most_a_mebibyte_of_the_feed()
    {
        // A valid feed, only too long: its end, with the newest version, is never read (before, the whole feed was parsed).
        var versions = string.Join(',', Enumerable.Range(0, 120_000).Select(i => $"\"0.0.{i}\"")) + ",\"9.0.0\"";
        _openAI.RawResponses["/index.json"] = "{\"versions\":[" + versions + "]}";
        await using var factory = Backend(("G4F:LatestVersionUrl", _openAI.BaseUrl + "/index.json"));

        using var json = JsonDocument.Parse(await factory.CreateClient().GetStringAsync("/backend-api/v2/version"));

        json.RootElement.GetProperty("latest_version").ValueKind.Should().Be(JsonValueKind.Null);
    }

    [Fact]
    public async Task Version_is_200_with_a_null_latest_version_when_the_feed_is_unreachable()
    {
        await using var factory = Backend(("G4F:LatestVersionUrl", $"http://127.0.0.1:{FakeUpstream.GetUnusedLoopbackPort()}/index.json"));

        var json = await factory.CreateClient().GetStringAsync("/backend-api/v2/version?cache=true");

        JsonDocument.Parse(json).RootElement.GetProperty("latest_version").ValueKind.Should().Be(JsonValueKind.Null);
    }

    [Fact]
    public async Task Unknown_api_routes_answer_404_json()
    {
        await using var factory = Backend();

        using var response = await factory.CreateClient().GetAsync("/backend-api/v2/no-such-route");

        response.StatusCode.Should().Be(HttpStatusCode.NotFound);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/json");
    }

    [Theory]
    [InlineData("GET", "/backend-api/v2/conversation", "POST")]
    [InlineData("DELETE", "/backend-api/v2/models", "GET")]
    [InlineData("POST", "/backend-api/v2/providers", "GET")]
    public async Task A_wrong_method_is_405_json_with_allow(string method, string path, string allow)
    {
        await using var factory = Backend();

        using var response = await factory.CreateClient().SendAsync(new HttpRequestMessage(new HttpMethod(method), path));

        response.StatusCode.Should().Be(HttpStatusCode.MethodNotAllowed);
        response.Content.Headers.Allow.Should().Equal(allow);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        body.RootElement.GetProperty("error").GetProperty("message").GetString().Should().Contain(method);
    }
}
