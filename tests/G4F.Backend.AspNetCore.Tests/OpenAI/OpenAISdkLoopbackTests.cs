using System.Net;
using G4F.Backend.AspNetCore.Tests.Infrastructure;
using G4F.Backend.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;

namespace G4F.Backend.AspNetCore.Tests.OpenAI;

/// <summary>The SDK tests' clients reach the front door over a real socket on 127.0.0.1, not the in-memory test server.</summary>
public sealed class OpenAISdkLoopbackTests : IAsyncLifetime
{
    private FakeUpstream _upstream = null!;

    public async Task InitializeAsync() => _upstream = await FakeUpstream.StartAsync();

    public async Task DisposeAsync() => await _upstream.DisposeAsync();

    [Fact]
    public async Task The_SDK_and_the_IChatClient_reach_the_front_door_over_a_socket_on_127_0_0_1()
    {
        var recorder = new ConnectionRecorder();
        await using var factory = new BackendFactory(
            BackendFactory.OpenAIProvider("Fake", _upstream.OpenAIBaseUrl),
            services => services.AddSingleton<IStartupFilter>(recorder));
        var sdk = OpenAISdkHost.Client(factory);

        await sdk.GetOpenAIModelClient().GetModelsAsync();
        await sdk.GetChatClient("fake-model").AsIChatClient().GetResponseAsync("Say hi");

        var requests = recorder.Requests;
        requests.Select(r => r.Path).Should().Equal("/v1/models", "/v1/chat/completions");
        requests.Should().OnlyContain(r => IPAddress.Loopback.Equals(r.Remote) && IPAddress.Loopback.Equals(r.Local) && r.LocalPort > 0, "a TCP connection on 127.0.0.1 carried each call");
    }
}
