using System.Text;
using G4F.Backend.AspNetCore.Tests.Infrastructure;
using G4F.Backend.Testing;

namespace G4F.Backend.AspNetCore.Tests.Hosting;

/// <summary>
/// What the sample server maps to serve streamed turns: an assembly mapped is resident memory of every instance, so one
/// that only an unusual path needs must not be loaded by the common one.
/// </summary>
public sealed class SampleLoadedAssembliesTests
{
    [Fact]
    public async Task Streamed_turns_of_both_front_doors_do_not_load_System_Data_Common_without_a_database()
    {
        await using var upstream = await FakeUpstream.StartAsync();
        await using var server = await SampleServerProcess.StartAsync(new Dictionary<string, string>
        {
            ["G4F__Providers__Local__Type"] = "OpenAICompatible",
            ["G4F__Providers__Local__BaseUrl"] = upstream.OpenAIBaseUrl,
            ["G4F__Providers__Pollinations__Enabled"] = "false",
            ["G4F__Providers__Ollama__Enabled"] = "false",
        });

        (await server.Client.ConverseAsync("""{"provider":"Local","model":"fake-model","messages":[{"role":"user","content":"Hi"}]}""")).Content
            .Should().Be("Hello world");
        using var openAI = await server.Client.PostAsync("/v1/chat/completions", new StringContent(
            """{"model":"fake-model","provider":"Local","stream":true,"messages":[{"role":"user","content":"Hi"}]}""", Encoding.UTF8, "application/json"));
        (await openAI.Content.ReadAsStringAsync()).Should().Contain("Hello").And.Contain("[DONE]");

        // The request filters' catch of a transient database error (DbException) made the JIT load it at the first request.
        server.MappedFileNames().Should().Contain("G4F.Backend.AspNetCore.dll").And.NotContain("System.Data.Common.dll");
    }
}
