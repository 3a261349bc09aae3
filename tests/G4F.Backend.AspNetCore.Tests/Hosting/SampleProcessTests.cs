using G4F.Backend.AspNetCore.Tests.Infrastructure;
using G4F.Backend.Testing;

namespace G4F.Backend.AspNetCore.Tests.Hosting;

/// <summary>The sample server as a real process, configured only through environment variables.</summary>
public sealed class SampleProcessTests
{
    [Fact]
    public async Task Environment_variables_add_a_provider_to_the_unchanged_sample_server()
    {
        await using var upstream = await FakeUpstream.StartAsync();
        await using var server = await SampleServerProcess.StartAsync(new Dictionary<string, string>
        {
            ["G4F__Providers__Local__Type"] = "OpenAICompatible",
            ["G4F__Providers__Local__BaseUrl"] = upstream.OpenAIBaseUrl,
            ["G4F__Providers__Local__Priority"] = "-1",
            ["OPENAI_API_KEY"] = "sk-process-test-key",
        });

        var providers = await server.Client.GetStringAsync("/backend-api/v2/providers");
        providers.Should().Contain("\"name\":\"Local\"").And.Contain("\"name\":\"OpenAI\"", "OPENAI_API_KEY adds the OpenAI provider")
            .And.NotContain("sk-process-test-key");
        var transcript = await server.Client.ConverseAsync("""{"provider":"Local","model":"fake-model","messages":[{"role":"user","content":"Hi"}]}""");
        transcript.Content.Should().Be("Hello world");
    }
}
