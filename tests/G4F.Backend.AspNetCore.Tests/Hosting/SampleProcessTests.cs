using System.Diagnostics;
using System.Text.RegularExpressions;
using G4F.Backend.AspNetCore.Tests.Infrastructure;
using G4F.Backend.Testing;

namespace G4F.Backend.AspNetCore.Tests.Hosting;

/// <summary>The sample server as a real process, configured only through environment variables.</summary>
public sealed partial class SampleProcessTests
{
    [Fact]
    public async Task Environment_variables_add_a_provider_to_the_unchanged_sample_server()
    {
        await using var upstream = await FakeUpstream.StartAsync();
        var dataDirectory = Path.Combine(Path.GetTempPath(), "g4f-tests", Guid.NewGuid().ToString("N"));
        var start = new ProcessStartInfo("dotnet", [SampleAssemblyPath(), "--urls", "http://127.0.0.1:0"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetDirectoryName(SampleAssemblyPath())!,
        };
        start.Environment["G4F__Providers__Local__Type"] = "OpenAICompatible";
        start.Environment["G4F__Providers__Local__BaseUrl"] = upstream.OpenAIBaseUrl;
        start.Environment["G4F__Providers__Local__Priority"] = "-1";
        start.Environment["G4F__LatestVersionUrl"] = string.Empty;
        start.Environment["G4F__DataDirectory"] = dataDirectory;
        start.Environment["OPENAI_API_KEY"] = "sk-process-test-key";

        using var process = Process.Start(start)!;
        try
        {
            var address = await ReadListeningAddressAsync(process).WaitAsync(TimeSpan.FromSeconds(60));
            using var client = new HttpClient { BaseAddress = new Uri(address) };

            var providers = await client.GetStringAsync("/backend-api/v2/providers");
            providers.Should().Contain("\"name\":\"Local\"").And.Contain("\"name\":\"OpenAI\"", "OPENAI_API_KEY adds the OpenAI provider")
                .And.NotContain("sk-process-test-key");
            var transcript = await client.ConverseAsync("""{"provider":"Local","model":"fake-model","messages":[{"role":"user","content":"Hi"}]}""");
            transcript.Content.Should().Be("Hello world");
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            if (Directory.Exists(dataDirectory))
            {
                Directory.Delete(dataDirectory, recursive: true);
            }
        }
    }

    private static async Task<string> ReadListeningAddressAsync(Process process)
    {
        while (await process.StandardOutput.ReadLineAsync() is { } line)
        {
            if (ListeningOn().Match(line) is { Success: true } match)
            {
                return match.Groups[1].Value;
            }
        }

        throw new InvalidOperationException("The sample exited before listening: " + await process.StandardError.ReadToEndAsync());
    }

    /// <summary>The sample's own build output (next to its runtimeconfig), same configuration as the tests.</summary>
    private static string SampleAssemblyPath()
    {
        var testOutput = Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory); // .../tests/G4F.Backend.AspNetCore.Tests/bin/<Configuration>/net10.0
        var configuration = new DirectoryInfo(testOutput).Parent!.Name;
        var root = new DirectoryInfo(testOutput);
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "G4F.Backend.sln")))
        {
            root = root.Parent;
        }

        root.Should().NotBeNull("the tests run from inside the repository");
        var path = Path.Combine(root!.FullName, "samples", "G4F.Backend.Sample", "bin", configuration, "net10.0", "G4F.Backend.Sample.dll");
        File.Exists(path).Should().BeTrue($"the sample is built with the tests ({path})");
        return path;
    }

    [GeneratedRegex(@"Now listening on: (http://\S+)")]
    private static partial Regex ListeningOn();
}
