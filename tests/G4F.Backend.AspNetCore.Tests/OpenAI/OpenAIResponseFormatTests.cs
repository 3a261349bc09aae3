using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using G4F.Backend.AspNetCore.Tests.Infrastructure;
using G4F.Backend.Testing;
using OpenAI.Chat;
using static G4F.Backend.AspNetCore.Tests.OpenAI.OpenAIChatCompletionTests;

namespace G4F.Backend.AspNetCore.Tests.OpenAI;

/// <summary><c>response_format</c> through <c>/v1/chat/completions</c>: forwarded as written, refused when malformed.</summary>
public sealed class OpenAIResponseFormatTests : IAsyncLifetime
{
    private FakeUpstream _upstream = null!;

    public async Task InitializeAsync() => _upstream = await FakeUpstream.StartAsync();

    public async Task DisposeAsync() => await _upstream.DisposeAsync();

    [Fact]
    public async Task The_SDKs_json_schema_format_reaches_the_upstream_as_written()
    {
        _upstream.Reply = FakeReply.Text("""{"city":"Paris"}""");
        await using var factory = new BackendFactory(BackendFactory.OpenAIProvider("Fake", _upstream.OpenAIBaseUrl));
        var schema = """{"type":"object","properties":{"city":{"type":"string"}},"required":["city"],"additionalProperties":false}""";

        ChatCompletion completion = await OpenAISdkHost.Client(factory).GetChatClient("fake-model").CompleteChatAsync(
            [new UserChatMessage("Where?")],
            new ChatCompletionOptions { ResponseFormat = ChatResponseFormat.CreateJsonSchemaFormat("place", BinaryData.FromString(schema), jsonSchemaIsStrict: true) });

        completion.Content.Single().Text.Should().Be("""{"city":"Paris"}""");
        var sent = _upstream.Requests.Single(r => r.Path.EndsWith("/chat/completions", StringComparison.Ordinal)).JsonBody!["response_format"];
        JsonNode.DeepEquals(sent, JsonNode.Parse("""{"type":"json_schema","json_schema":{"name":"place","schema":""" + schema + ""","strict":true}}""")).Should().BeTrue(sent?.ToJsonString());
    }

    [Fact]
    public async Task A_json_object_format_reaches_Ollama_as_its_format_field()
    {
        _upstream.Reply = FakeReply.Text("{}");
        await using var factory = new BackendFactory(new Dictionary<string, string?>
        {
            ["G4F:Providers:Local:Type"] = "Ollama",
            ["G4F:Providers:Local:BaseUrl"] = _upstream.BaseUrl,
        });

        using var response = await factory.CreateClient().PostAsync("/v1/chat/completions", Json(
            """{"model":"fake-model","messages":[{"role":"user","content":"Hi"}],"response_format":{"type":"json_object"}}"""));

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        _upstream.Requests.Single(r => r.Path == "/api/chat").JsonBody!["format"]!.GetValue<string>().Should().Be("json");
    }

    [Theory]
    [InlineData("""{"type":"yaml"}""", "response_format.type must be")]
    [InlineData("""{"type":"json_schema","json_schema":{"name":"has space","schema":{}}}""", "json_schema.name must be")]
    [InlineData("\"json\"", "response_format")]
    public async Task A_malformed_response_format_is_400_in_OpenAIs_shape(string format, string message)
    {
        await using var factory = new BackendFactory(BackendFactory.OpenAIProvider("Fake", _upstream.OpenAIBaseUrl));

        using var response = await factory.CreateClient().PostAsync("/v1/chat/completions", Json(
            """{"model":"fake-model","messages":[{"role":"user","content":"Hi"}],"response_format":""" + format + "}"));

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        body.RootElement.GetProperty("error").GetProperty("message").GetString().Should().Contain(message);
        _upstream.Requests.Should().NotContain(r => r.Method == "POST");
    }
}
