using System.ClientModel;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using G4F.Backend.AspNetCore.Identity;
using G4F.Backend.AspNetCore.Tests.Infrastructure;
using G4F.Backend.Identity;
using G4F.Backend.Testing;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using OpenAI;
using OpenAI.Chat;
using static G4F.Backend.AspNetCore.Tests.OpenAI.OpenAIChatCompletionTests;

namespace G4F.Backend.AspNetCore.Tests.OpenAI;

/// <summary>
/// <c>G4F:OpenAI:ApiKeys</c> (the door's own keys) and, without them, the caller's bearer as a key only for providers
/// without one; an unexpected failure is a 500 in OpenAI's shape.
/// </summary>
public sealed class OpenAIApiKeyTests : IAsyncLifetime
{
    private const string ServerKey = "sk-door-0123456789";

    private FakeUpstream _upstream = null!;

    public async Task InitializeAsync() => _upstream = await FakeUpstream.StartAsync();

    public async Task DisposeAsync() => await _upstream.DisposeAsync();

    [Theory]
    [InlineData(null, "You didn't provide an API key")]
    [InlineData("sk-door-0123456788", "Incorrect API key provided")]
    [InlineData("sk-door-01234567890", "Incorrect API key provided")]
    public async Task With_server_keys_a_request_without_one_of_them_is_401_in_OpenAIs_shape(string? bearer, string message)
    {
        await using var factory = new BackendFactory(WithServerKeys());
        var http = factory.CreateClient();
        if (bearer is not null)
        {
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        }

        foreach (var response in new[]
        {
            await http.GetAsync("/v1/models"),
            await http.PostAsync("/v1/chat/completions", Json("""{"model":"fake-model","messages":[{"role":"user","content":"Hi"}]}""")),
            await http.GetAsync("/v1/no-such-route"),
        })
        {
            response.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
            using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            body.RootElement.GetProperty("error").GetProperty("message").GetString().Should().StartWith(message);
            body.RootElement.GetProperty("error").GetProperty("code").GetString().Should().Be("invalid_api_key");
        }

        _upstream.Requests.Should().BeEmpty();
        if (bearer is not null)
        {
            factory.Logs.GetSnapshot().Should().NotContain(r => r.Message.Contains(bearer, StringComparison.Ordinal), "a bearer token is never logged");
        }
    }

    [Fact]
    public async Task With_server_keys_the_SDK_with_one_of_them_is_served_and_the_key_never_goes_upstream()
    {
        await using var factory = new BackendFactory(WithServerKeys());

        ChatCompletion completion = await Sdk(factory, ServerKey).GetChatClient("fake-model").CompleteChatAsync([new UserChatMessage("Hi")]);

        completion.Content.Single().Text.Should().Be("Hello world");
        _upstream.Requests.Should().OnlyContain(r => !r.Headers.ContainsKey("Authorization"), "the door's key is not a provider key");
        factory.Logs.GetSnapshot().Should().NotContain(r => r.Message.Contains(ServerKey, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_single_valued_server_key_setting_is_one_key_so_the_door_stays_closed_and_the_key_off_upstream()
    {
        // G4F__OpenAI__ApiKeys=sk-... (no __0) is a value on the list's own key, which the binder leaves out of a list.
        await using var factory = new BackendFactory(BackendFactory.Merge(
            BackendFactory.OpenAIProvider("Keyless", _upstream.OpenAIBaseUrl),
            new Dictionary<string, string?> { ["G4F:OpenAI:ApiKeys"] = ServerKey }));
        var http = factory.CreateClient();
        const string Body = """{"model":"fake-model","messages":[{"role":"user","content":"Hi"}]}""";
        using var withKey = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions") { Content = new StringContent(Body, System.Text.Encoding.UTF8, "application/json") };
        withKey.Headers.Authorization = new AuthenticationHeaderValue("Bearer", ServerKey);

        using var served = await http.SendAsync(withKey);
        using var anonymous = await http.PostAsync("/v1/chat/completions", new StringContent(Body, System.Text.Encoding.UTF8, "application/json"));

        served.StatusCode.Should().Be(HttpStatusCode.OK, await served.Content.ReadAsStringAsync());
        _upstream.Requests.Should().OnlyContain(r => !r.Headers.ContainsKey("Authorization"), "the door's key is not a provider key");
        anonymous.StatusCode.Should().Be(HttpStatusCode.Unauthorized, "a configured server key keeps /v1 closed");
    }

    [Fact]
    public async Task With_server_keys_the_SDK_with_another_key_gets_a_401_error()
    {
        await using var factory = new BackendFactory(WithServerKeys());

        var call = () => Sdk(factory, "sk-wrong-0123456789").GetChatClient("fake-model").CompleteChatAsync([new UserChatMessage("Hi")]);

        (await call.Should().ThrowAsync<ClientResultException>()).Which.Status.Should().Be(401);
    }

    [Fact]
    public async Task Without_server_keys_the_bearer_is_the_key_of_a_provider_without_one_and_never_replaces_a_configured_key()
    {
        await using var other = await FakeUpstream.StartAsync();
        other.Models = ["other-model"];
        await using var factory = new BackendFactory(BackendFactory.Merge(
            BackendFactory.OpenAIProvider("Keyless", _upstream.OpenAIBaseUrl),
            BackendFactory.OpenAIProvider("Keyed", other.OpenAIBaseUrl, apiKey: "sk-server-key")));
        var client = Sdk(factory, "sk-caller");

        await client.GetChatClient("fake-model").CompleteChatAsync([new UserChatMessage("Hi")]);
        await client.GetChatClient("other-model").CompleteChatAsync([new UserChatMessage("Hi")]);

        Chat(_upstream).Headers["Authorization"].Should().Be("Bearer sk-caller");
        Chat(other).Headers["Authorization"].Should().Be("Bearer sk-server-key", "a dummy SDK key never replaces the server's");
    }

    [Fact]
    public async Task Without_server_keys_and_with_client_keys_off_the_bearer_is_never_forwarded()
    {
        await using var factory = new BackendFactory(BackendFactory.Merge(
            BackendFactory.OpenAIProvider("Keyless", _upstream.OpenAIBaseUrl),
            new Dictionary<string, string?> { ["G4F:AllowClientApiKeys"] = "false" }));

        await Sdk(factory, "sk-caller").GetChatClient("fake-model").CompleteChatAsync([new UserChatMessage("Hi")]);

        Chat(_upstream).Headers.Should().NotContainKey("Authorization");
    }

    [Theory]
    [InlineData("")]
    [InlineData("short")]
    [InlineData("has a space in it")]
    public void A_blank_short_or_spaced_server_key_stops_the_host_at_start(string key)
    {
        using var factory = new BackendFactory(BackendFactory.Merge(
            BackendFactory.OpenAIProvider("Fake", "http://127.0.0.1:9/v1"),
            new Dictionary<string, string?> { ["G4F:OpenAI:ApiKeys:0"] = ServerKey, ["G4F:OpenAI:ApiKeys:1"] = key }));

        var start = () => factory.CreateClient();

        start.Should().Throw<Microsoft.Extensions.Options.OptionsValidationException>().WithMessage("*G4F:OpenAI:ApiKeys*");
    }

    [Fact]
    public async Task An_unexpected_failure_is_a_500_in_OpenAIs_shape()
    {
        await using var factory = new BackendFactory(
            BackendFactory.OpenAIProvider("Fake", _upstream.OpenAIBaseUrl),
            services => services.AddSingleton<ICallerIdentityProvider, ThrowingIdentity>());

        using var response = await factory.CreateClient().PostAsync("/v1/chat/completions", Json("""{"model":"fake-model","messages":[{"role":"user","content":"Hi"}]}"""));

        response.StatusCode.Should().Be(HttpStatusCode.InternalServerError);
        var text = await response.Content.ReadAsStringAsync();
        text.Should().Be("""{"error":{"message":"The server had an error while processing your request.","type":"server_error","param":null,"code":null}}""");
        text.Should().NotContain("identity store exploded", "the exception is logged, not shown");
    }

    private Dictionary<string, string?> WithServerKeys() => BackendFactory.Merge(
        BackendFactory.OpenAIProvider("Fake", _upstream.OpenAIBaseUrl),
        new Dictionary<string, string?> { ["G4F:OpenAI:ApiKeys:0"] = "sk-other-key-000000", ["G4F:OpenAI:ApiKeys:1"] = ServerKey });

    private static RecordedRequest Chat(FakeUpstream upstream) => upstream.Requests.Single(r => r.Path.EndsWith("/chat/completions", StringComparison.Ordinal));

    private static OpenAIClient Sdk(BackendFactory factory, string key) => OpenAISdkHost.Client(factory, key);

    private sealed class ThrowingIdentity : ICallerIdentityProvider
    {
        public ValueTask<CallerIdentity> IdentifyAsync(HttpContext context, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("identity store exploded");
    }
}
