using System.Text.Json.Nodes;
using G4F.Backend.Conversations;
using G4F.Backend.Providers;
using G4F.Backend.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace G4F.Backend.Core.Tests.Routing;

/// <summary>
/// The caller's key beside the request (<see cref="TurnInput.CallerKey"/>, an OpenAI client's bearer) as Core applies
/// it for any host: the key of a provider without a configured one, never a replacement for the server's key, never
/// used when <c>G4F:AllowClientApiKeys</c> is off. Two fake upstreams over real HTTP on 127.0.0.1.
/// </summary>
public sealed class CallerKeyTests : IAsyncLifetime
{
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "g4f-tests", Guid.NewGuid().ToString("N"));
    private FakeUpstream _keyless = null!;
    private FakeUpstream _keyed = null!;

    public async Task InitializeAsync()
    {
        _keyless = await FakeUpstream.StartAsync();
        _keyless.Models = ["keyless-model"];
        _keyed = await FakeUpstream.StartAsync();
        _keyed.Models = ["keyed-model"];
    }

    public async Task DisposeAsync()
    {
        await _keyless.DisposeAsync();
        await _keyed.DisposeAsync();
        if (Directory.Exists(_dataDirectory))
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
    }

    [Fact]
    public async Task The_callers_key_serves_a_provider_without_one_and_never_replaces_a_configured_key()
    {
        await using var host = Host(allowClientKeys: true);
        var input = new TurnInput { CallerKey = "sk-caller-dummy" };

        await TurnAsync(host, Request("keyless-model"), input);
        await TurnAsync(host, Request("keyed-model"), input);
        await TurnAsync(host, Request("keyed-model") with { Provider = "Keyed" }, input);

        Chats(_keyless).Should().ContainSingle().Which.Headers["Authorization"].Should().Be("Bearer sk-caller-dummy");
        Chats(_keyed).Should().HaveCount(2).And.AllSatisfy(r => r.Headers["Authorization"].Should().Be("Bearer sk-server-key", "a dummy key never replaces the server's"));
    }

    [Fact]
    public async Task A_key_the_request_names_comes_before_the_callers()
    {
        await using var host = Host(allowClientKeys: true);

        await TurnAsync(host, Request("keyless-model") with { Provider = "Keyless", ApiKey = "sk-from-the-body" }, new TurnInput { CallerKey = "sk-caller-dummy" });

        Chats(_keyless).Should().ContainSingle().Which.Headers["Authorization"].Should().Be("Bearer sk-from-the-body");
    }

    [Fact]
    public async Task With_client_keys_off_the_callers_key_is_never_used()
    {
        await using var host = Host(allowClientKeys: false);

        await TurnAsync(host, Request("keyless-model"), new TurnInput { CallerKey = "sk-caller-dummy" });

        Chats(_keyless).Should().ContainSingle().Which.Headers.Should().NotContainKey("Authorization");
    }

    [Fact]
    public void The_callers_key_never_reaches_a_description_of_the_input()
    {
        new TurnInput { CallerKey = "sk-caller-secret" }.ToString().Should().NotContain("sk-caller-secret").And.Contain("***");
    }

    private static IReadOnlyList<RecordedRequest> Chats(FakeUpstream upstream) =>
        [.. upstream.Requests.Where(r => r.Path.EndsWith("/chat/completions", StringComparison.Ordinal))];

    private static ChatRequest Request(string model) => new()
    {
        Messages = [new JsonObject { ["role"] = "user", ["content"] = "Hi" }],
        Model = model,
    };

    private static async Task TurnAsync(ServiceProvider host, ChatRequest request, TurnInput input)
    {
        var outcome = await host.GetRequiredService<ConversationService>().RunAsync(request, input);
        outcome.IsRefused.Should().BeFalse();
        await foreach (var _ in outcome.Events)
        {
        }
    }

    private ServiceProvider Host(bool allowClientKeys)
    {
        var settings = new Dictionary<string, string?>
        {
            ["G4F:DataDirectory"] = _dataDirectory,
            ["G4F:LatestVersionUrl"] = string.Empty,
            ["G4F:AllowClientApiKeys"] = allowClientKeys ? "true" : "false",
            ["G4F:Providers:Keyless:Type"] = "OpenAICompatible",
            ["G4F:Providers:Keyless:BaseUrl"] = _keyless.OpenAIBaseUrl,
            ["G4F:Providers:Keyed:Type"] = "OpenAICompatible",
            ["G4F:Providers:Keyed:BaseUrl"] = _keyed.OpenAIBaseUrl,
            ["G4F:Providers:Keyed:ApiKey"] = "sk-server-key",
        };
        var services = new ServiceCollection();
        services.AddG4FBackend(new ConfigurationBuilder().AddInMemoryCollection(settings).Build().GetSection("G4F"));
        return services.BuildServiceProvider();
    }
}
