using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using G4F.Backend.AspNetCore.Tests.Infrastructure;
using G4F.Backend.Testing;

namespace G4F.Backend.AspNetCore.Tests.OpenApi;

/// <summary>
/// The request schemas of <c>/openapi/v1.json</c> are described by hand, so they are checked against the readers: every
/// JSON body the document describes, filled from its schema as a generated client would (every property, each
/// <c>oneOf</c> alternative), is taken by its route without a refusal or an "ignored field" note, and leaving out a
/// property the schema requires is refused.
/// </summary>
public sealed class RequestSchemaTests : IAsyncLifetime
{
    // A 1x1 PNG: the fake upstream's generated image.
    private static readonly byte[] Pixel = Convert.FromBase64String("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNk+A8AAQUBAScY42YAAAAASUVORK5CYII=");

    // What a schema cannot know: the names this host routes, and its path parameters.
    private static readonly Dictionary<string, JsonObject> HostValues = new(StringComparer.Ordinal)
    {
        ["/backend-api/v2/conversation"] = new() { ["provider"] = "Fake", ["model"] = "gpt-chat" },
        ["/v1/chat/completions"] = new() { ["provider"] = "Fake", ["model"] = "gpt-chat" },
        ["/v1/images/generations"] = new() { ["provider"] = "Fake", ["model"] = "dall-e-3" },
        ["/v1/audio/speech"] = new() { ["provider"] = "Fake", ["model"] = "tts-fake" },
    };

    private FakeUpstream _upstream = null!;
    private BackendFactory _factory = null!;

    public async Task InitializeAsync()
    {
        _upstream = await FakeUpstream.StartAsync();
        _upstream.ImageUrls = [];
        _upstream.ImageBytes = [Pixel];
        _factory = new(BackendFactory.Merge(
            BackendFactory.OpenAIProvider("Fake", _upstream.OpenAIBaseUrl, apiKey: "sk-fake-0000"),
            new Dictionary<string, string?>
            {
                ["G4F:Providers:Fake:Models:0"] = "gpt-chat",
                ["G4F:Providers:Fake:ImageModels:0"] = "dall-e-3",
                ["G4F:Providers:Fake:SpeechModel"] = "tts-fake",
            }));
    }

    public async Task DisposeAsync()
    {
        await _factory.DisposeAsync();
        await _upstream.DisposeAsync();
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public async Task Every_JSON_body_filled_from_its_schema_is_taken_by_its_route(int variant)
    {
        var bodies = await DescribedBodiesAsync();
        bodies.Select(b => b.Path).Should().Contain(["/backend-api/v2/conversation", "/v1/chat/completions", "/v1/images/generations", "/v1/audio/speech", "/backend-api/v2/memory/{user_id}"]);

        var client = _factory.CreateClient();
        foreach (var (path, schema) in bodies)
        {
            var body = SchemaSample.Of(schema, variant)!.AsObject();
            foreach (var (name, value) in HostValues.GetValueOrDefault(path) ?? [])
            {
                body[name] = value!.DeepClone();
            }

            using var response = await client.PostAsync(Concrete(path), new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"));
            var answer = await response.Content.ReadAsStringAsync();

            response.IsSuccessStatusCode.Should().BeTrue($"POST {path} takes {body.ToJsonString()}, but answered {(int)response.StatusCode}: {answer}");
            answer.Should().NotContain("Ignored request field", $"every field of POST {path}'s schema is read as described");
        }

        // The turns really ran: the chat routes reached the upstream with the described tools and format.
        var chats = _upstream.Requests.Where(r => r.Path.EndsWith("/chat/completions", StringComparison.Ordinal)).ToList();
        chats.Should().HaveCount(2);
        chats.Should().AllSatisfy(r => r.JsonBody!["tools"]![0]!["function"]!["name"]!.GetValue<string>().Should().Be("get_weather"));
        chats.Should().AllSatisfy(r => r.JsonBody!["response_format"]!["type"]!.GetValue<string>().Should().Be("json_object"));
    }

    [Fact]
    public async Task Leaving_out_a_required_property_is_refused_with_a_JSON_error()
    {
        var client = _factory.CreateClient();
        var checkedProperties = 0;
        foreach (var (path, schema) in await DescribedBodiesAsync())
        {
            foreach (var required in schema["required"]?.AsArray().Select(r => r!.GetValue<string>()) ?? [])
            {
                var body = SchemaSample.Of(schema, 0)!.AsObject();
                body.Remove(required);

                using var response = await client.PostAsync(Concrete(path), new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"));

                response.StatusCode.Should().Be(HttpStatusCode.BadRequest, $"POST {path} requires {required}");
                response.Content.Headers.ContentType!.MediaType.Should().Be("application/json");
                checkedProperties++;
            }
        }

        checkedProperties.Should().BeGreaterThanOrEqualTo(5, "the conversation, completions, images, speech and memory bodies each require one property");
        _upstream.Requests.Should().BeEmpty("a refused body reaches no provider");
    }

    // Each operation's application/json request schema, by OpenAPI path.
    private async Task<List<(string Path, JsonNode Schema)>> DescribedBodiesAsync()
    {
        using var response = await _factory.CreateClient().GetAsync("/openapi/v1.json");
        response.EnsureSuccessStatusCode();
        var document = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        return
        [
            .. document["paths"]!.AsObject()
                .Where(p => p.Value!["post"]?["requestBody"]?["content"]?["application/json"]?["schema"] is not null)
                .Select(p => (p.Key, p.Value!["post"]!["requestBody"]!["content"]!["application/json"]!["schema"]!)),
        ];
    }

    // A path with its parameters filled: a user id, a share id.
    private static string Concrete(string path) => path
        .Replace("{user_id}", "schema-user", StringComparison.Ordinal)
        .Replace("{shareId}", "3f0c9a52-8d7e-4c1b-9a57-0d2f6e4b8c11", StringComparison.Ordinal);
}
