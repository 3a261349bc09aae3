using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using G4F.Backend.AspNetCore.Tests.Infrastructure;

namespace G4F.Backend.AspNetCore.Tests.OpenApi;

/// <summary>
/// The statuses the OpenAPI document describes for a route against what the route really answers: a generated client
/// treats an undescribed status as unexpected, so each answer below must be among the route's described ones.
/// </summary>
public sealed class OpenApiStatusTests : IDisposable
{
    private const string Key = "sk-status-test-key";

    private readonly BackendFactory _factory = new(new Dictionary<string, string?>
    {
        ["G4F:Usage:MaxBodyBytes"] = "64",
        ["G4F:OpenAI:ApiKeys:0"] = Key,
    });

    public void Dispose() => _factory.Dispose();

    [Fact]
    public async Task The_backends_routes_describe_the_statuses_they_answer()
    {
        var client = _factory.CreateClient();
        var document = await DocumentAsync(client);
        var missing = new List<string>();

        await CheckAsync(client, document, missing, "GET", "/backend-api/v2/chat/{shareId}", "/backend-api/v2/chat/no-such-share-0001");
        await CheckAsync(client, document, missing, "DELETE", "/backend-api/v2/files/{bucketId}", "/backend-api/v2/files/no-such-bucket");
        await CheckAsync(client, document, missing, "GET", "/backend-api/v2/quota/{provider}", "/backend-api/v2/quota/NoSuchProvider");
        await CheckAsync(client, document, missing, "GET", "/backend-api/v2/oauth/{provider}", "/backend-api/v2/oauth/NoSuchProvider");
        await CheckAsync(client, document, missing, "GET", "/backend-api/v2/public-key", "/backend-api/v2/public-key");
        await CheckAsync(client, document, missing, "GET", "/media/{name}", "/media/none.png");
        await CheckAsync(client, document, missing, "GET", "/search/{search}", "/search/no+such+words");
        await CheckAsync(client, document, missing, "GET", "/backend-api/v2/create", "/backend-api/v2/create");
        await CheckAsync(client, document, missing, "GET", "/backend-api/v2/synthesize/{provider}", "/backend-api/v2/synthesize/NoSuchProvider?text=hi");
        await CheckAsync(client, document, missing, "POST", "/backend-api/v2/usage", "/backend-api/v2/usage", new StringContent("{}", Encoding.UTF8, "text/plain"));
        await CheckAsync(client, document, missing, "POST", "/backend-api/v2/log", "/backend-api/v2/log", new StringContent($$"""{"text":"{{new string('x', 200)}}"}""", Encoding.UTF8, "application/json"));

        missing.Should().BeEmpty();
    }

    [Fact]
    public async Task The_front_doors_routes_describe_the_statuses_they_answer()
    {
        var client = _factory.CreateClient();
        var document = await DocumentAsync(client);
        var missing = new List<string>();

        await CheckAsync(client, document, missing, "GET", "/v1/models", "/v1/models");
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Key);
        await CheckAsync(client, document, missing, "POST", "/v1/images/generations", "/v1/images/generations",
            new StringContent("""{"prompt":"a wolf","provider":"NoSuchProvider","response_format":"b64_json"}""", Encoding.UTF8, "application/json"));
        await CheckAsync(client, document, missing, "POST", "/v1/audio/speech", "/v1/audio/speech",
            new StringContent("""{"input":"hi","provider":"NoSuchProvider"}""", Encoding.UTF8, "application/json"));
        await CheckAsync(client, document, missing, "POST", "/v1/audio/speech", "/v1/audio/speech", new StringContent("hi", Encoding.UTF8, "text/plain"));

        missing.Should().BeEmpty();
    }

    [Theory]
    [InlineData("get", "/backend-api/v2/quota/{provider}")]
    [InlineData("post", "/backend-api/v2/oauth/{provider}")]
    [InlineData("get", "/backend-api/v2/public-key")]
    public async Task Routes_that_never_succeed_describe_no_success(string method, string path)
    {
        var document = await DocumentAsync(_factory.CreateClient());

        document["paths"]![path]![method]!["responses"]!.AsObject().Select(r => r.Key).Should().NotContain("200").And.Contain("404");
    }

    private static async Task CheckAsync(HttpClient client, JsonNode document, List<string> missing, string method, string path, string request, HttpContent? body = null)
    {
        using var message = new HttpRequestMessage(new HttpMethod(method), request) { Content = body };
        using var response = await client.SendAsync(message);
        var status = ((int)response.StatusCode).ToString(CultureInfo.InvariantCulture);
        var described = document["paths"]![path]![method.ToLowerInvariant()]!["responses"]!.AsObject();
        if (!described.ContainsKey(status))
        {
            missing.Add($"{method} {request} answered {status}; described: {string.Join(",", described.Select(r => r.Key))}");
        }
    }

    private static async Task<JsonNode> DocumentAsync(HttpClient client) => JsonNode.Parse(await client.GetStringAsync("/openapi/v1.json"))!;
}
