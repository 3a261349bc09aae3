using System.ClientModel;
using System.Net;
using System.Text.Json;
using G4F.Backend.AspNetCore.Tests.Infrastructure;
using G4F.Backend.Testing;
using OpenAI.Chat;
using Snapshooter;
using Snapshooter.Xunit;

namespace G4F.Backend.AspNetCore.Tests.OpenAI;

/// <summary>Every error class of <c>/v1/chat/completions</c> in OpenAI's shape with its status, as the SDK and raw HTTP see it.</summary>
public sealed class OpenAIErrorTests : IAsyncLifetime
{
    private FakeUpstream _upstream = null!;

    public async Task InitializeAsync() => _upstream = await FakeUpstream.StartAsync();

    public async Task DisposeAsync() => await _upstream.DisposeAsync();

    [Theory]
    [InlineData(401, """{"error":{"message":"Incorrect API key provided","type":"invalid_request_error","code":"invalid_api_key"}}""", "authentication_error")]
    [InlineData(429, """{"error":{"message":"slow down","type":"requests","code":"rate_limit_exceeded"}}""", "rate_limit_error")]
    [InlineData(500, """{"error":{"message":"boom"}}""", "upstream_error")]
    public async Task Upstream_failures_reach_the_SDK_with_their_status(int upstreamStatus, string upstreamBody, string type)
    {
        _upstream.Reply = FakeReply.Status(upstreamStatus, upstreamBody);
        await using var factory = new BackendFactory(BackendFactory.OpenAIProvider("Fake", _upstream.OpenAIBaseUrl, apiKey: "sk-server"));

        var call = () => OpenAISdkHost.Client(factory).GetChatClient("fake-model").CompleteChatAsync([new UserChatMessage("Hi")]);

        var expected = upstreamStatus == 500 ? 502 : upstreamStatus;
        var thrown = (await call.Should().ThrowAsync<ClientResultException>()).Which;
        thrown.Status.Should().Be(expected);
        using var body = JsonDocument.Parse(thrown.GetRawResponse()!.Content.ToString());
        body.RootElement.GetProperty("error").GetProperty("type").GetString().Should().Be(type);
        body.RootElement.GetProperty("error").GetProperty("message").GetString().Should().NotContain("sk-server");
    }

    [Fact]
    public async Task An_upstream_401_before_the_first_chunk_of_a_stream_is_a_401_response()
    {
        _upstream.Reply = FakeReply.Status(401, """{"error":{"message":"Incorrect API key provided"}}""");
        await using var factory = new BackendFactory(BackendFactory.OpenAIProvider("Fake", _upstream.OpenAIBaseUrl));

        using var response = await factory.CreateClient().PostAsync("/v1/chat/completions",
            OpenAIChatCompletionTests.Json("""{"model":"fake-model","stream":true,"messages":[{"role":"user","content":"Hi"}]}"""));

        response.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/json");
        (await response.Content.ReadAsStringAsync()).Should().Contain("\"type\":\"authentication_error\"");
    }

    [Fact]
    public async Task An_unknown_provider_is_404()
    {
        await using var factory = new BackendFactory(BackendFactory.OpenAIProvider("Fake", _upstream.OpenAIBaseUrl));

        using var response = await factory.CreateClient().PostAsync("/v1/chat/completions",
            OpenAIChatCompletionTests.Json("""{"model":"fake-model","provider":"Nope","messages":[{"role":"user","content":"Hi"}]}"""));

        response.StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await response.Content.ReadAsStringAsync()).MatchSnapshot();
        _upstream.Requests.Should().BeEmpty();
    }

    [Fact]
    public async Task An_unknown_model_is_404_for_the_SDK()
    {
        _upstream.Reply = FakeReply.Status(404, """{"error":{"message":"The model `gpt-9` does not exist","type":"invalid_request_error","code":"model_not_found"}}""");
        await using var factory = new BackendFactory(BackendFactory.OpenAIProvider("Fake", _upstream.OpenAIBaseUrl));

        var call = () => OpenAISdkHost.Client(factory).GetChatClient("gpt-9").CompleteChatAsync([new UserChatMessage("Hi")]);

        var thrown = (await call.Should().ThrowAsync<ClientResultException>()).Which;
        thrown.Status.Should().Be(404);
        thrown.GetRawResponse()!.Content.ToString().Should().Contain("\"code\":\"model_not_found\"");
    }

    [Theory]
    [InlineData("{not json", "invalid")]
    [InlineData("""{"model":"fake-model","messages":[]}""", "empty")]
    [InlineData("""{"model":"fake-model","messages":"Hi"}""", "string-messages")]
    [InlineData("""{"model":7,"messages":[{"role":"user","content":"Hi"}]}""", "numeric-model")]
    [InlineData("""{"model":"fake-model","stream":"yes","messages":[{"role":"user","content":"Hi"}]}""", "string-stream")]
    [InlineData("""{"model":"fake-model","n":2,"messages":[{"role":"user","content":"Hi"}]}""", "n-2")]
    public async Task A_malformed_body_is_400_in_OpenAIs_shape(string body, string name)
    {
        await using var factory = new BackendFactory(BackendFactory.OpenAIProvider("Fake", _upstream.OpenAIBaseUrl));

        using var response = await factory.CreateClient().PostAsync("/v1/chat/completions", OpenAIChatCompletionTests.Json(body));

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await response.Content.ReadAsStringAsync()).MatchSnapshot(SnapshotNameExtension.Create(name));
        _upstream.Requests.Should().BeEmpty();
    }

    [Fact]
    public async Task A_body_over_the_limit_is_413_in_OpenAIs_shape()
    {
        await using var factory = new BackendFactory(BackendFactory.Merge(
            BackendFactory.OpenAIProvider("Fake", _upstream.OpenAIBaseUrl),
            new Dictionary<string, string?> { ["G4F:MaxRequestBodyBytes"] = "1024" }));

        var content = new string('x', 4096);
        using var response = await factory.CreateClient().PostAsync("/v1/chat/completions",
            OpenAIChatCompletionTests.Json($$"""{"model":"fake-model","messages":[{"role":"user","content":"{{content}}"}]}"""));

        response.StatusCode.Should().Be(HttpStatusCode.RequestEntityTooLarge);
        (await response.Content.ReadAsStringAsync()).Should().StartWith("{\"error\":{\"message\":");
    }

    [Theory]
    [InlineData("""{"model":7,"messages":[{"role":"user","content":"Hi"}]}""", "model")]
    [InlineData("""{"model":"fake-model","provider":false,"messages":[{"role":"user","content":"Hi"}]}""", "provider")]
    [InlineData("""{"model":"fake-model","stream":"yes","messages":[{"role":"user","content":"Hi"}]}""", "stream")]
    [InlineData("""{"model":"fake-model","stream_options":{"include_usage":1},"messages":[{"role":"user","content":"Hi"}]}""", "stream_options")]
    [InlineData("""{"model":"fake-model","n":2,"messages":[{"role":"user","content":"Hi"}]}""", "n")]
    [InlineData("""{"model":"fake-model","messages":[]}""", "messages")]
    [InlineData("""{"model":"fake-model","messages":["Hi"]}""", "messages[0]")]
    [InlineData("""{"model":"fake-model","temperature":"hot","messages":[{"role":"user","content":"Hi"}]}""", "temperature")]
    [InlineData("""{"model":"fake-model","max_completion_tokens":-1,"messages":[{"role":"user","content":"Hi"}]}""", "max_completion_tokens")]
    [InlineData("""{"model":"fake-model","tool_choice":"required","messages":[{"role":"user","content":"Hi"}]}""", "tool_choice")]
    public async Task A_400_names_the_field_at_fault_in_param(string body, string param)
    {
        await using var factory = new BackendFactory(BackendFactory.OpenAIProvider("Fake", _upstream.OpenAIBaseUrl));

        using var response = await factory.CreateClient().PostAsync("/v1/chat/completions", OpenAIChatCompletionTests.Json(body));
        var text = await response.Content.ReadAsStringAsync();

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest, text);
        using var json = JsonDocument.Parse(text);
        json.RootElement.GetProperty("error").GetProperty("param").GetString().Should().Be(param, text);
        json.RootElement.GetProperty("error").GetProperty("message").GetString().Should().Contain(param == "messages[0]" ? "messages" : param);
    }

    [Fact]
    public async Task An_error_without_a_field_at_fault_writes_param_as_null()
    {
        await using var factory = new BackendFactory(BackendFactory.OpenAIProvider("Fake", _upstream.OpenAIBaseUrl));

        using var response = await factory.CreateClient().PostAsync("/v1/chat/completions", OpenAIChatCompletionTests.Json("{not json"));

        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        json.RootElement.GetProperty("error").TryGetProperty("param", out var param).Should().BeTrue("OpenAI always writes param");
        param.ValueKind.Should().Be(JsonValueKind.Null);
    }

    [Theory]
    [InlineData("GET", "/v1/models.json")]
    [InlineData("GET", "/v1/files/report.pdf")]
    [InlineData("POST", "/v1/responses/resp_1.2/cancel")]
    [InlineData("GET", "/v1/no/such/route")]
    [InlineData("GET", "/v1/chat/completions")]
    public async Task Every_unmatched_path_under_the_door_is_a_404_in_OpenAIs_shape(string method, string path)
    {
        await using var factory = new BackendFactory(BackendFactory.OpenAIProvider("Fake", _upstream.OpenAIBaseUrl));

        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        using var response = await factory.CreateClient().SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();

        response.StatusCode.Should().Be(HttpStatusCode.NotFound, text);
        response.Content.Headers.ContentType?.MediaType.Should().Be("application/json", text);
        text.Should().Be($$$"""{"error":{"message":"No route {{{method}}} {{{path}}}","type":"invalid_request_error","param":null,"code":"not_found"}}""");
    }
}
