using System.Net;
using G4F.Backend.AspNetCore.Tests.Buckets;
using G4F.Backend.AspNetCore.Tests.Hosting.Parts;
using G4F.Backend.AspNetCore.Tests.Infrastructure;
using G4F.Backend.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace G4F.Backend.AspNetCore.Tests.Hosting;

/// <summary>
/// The builder steps that add parts (<c>AddDocumentConverter</c>, <c>AddWebSearch</c>, <c>AddSpeechSynthesizer</c>)
/// through a real host: each added part is the one used for what a built-in part also handles.
/// </summary>
public sealed class BuilderPartsTests : IAsyncLifetime
{
    private readonly string _data = Path.Combine(Path.GetTempPath(), "g4f-tests", Guid.NewGuid().ToString("N"));
    private FakeUpstream _upstream = null!;
    private WebApplication _app = null!;
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        _upstream = await FakeUpstream.StartAsync();
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseTestServer();
        builder.Logging.ClearProviders();
        builder.Services.AddG4FBackend(o =>
            {
                o.DataDirectory = _data;
                o.LatestVersionUrl = null;
            })
            .AddOpenAICompatibleProvider("Fake", p =>
            {
                p.BaseUrl = _upstream.OpenAIBaseUrl;
                p.SpeechModel = "tts-1";
            })
            .AddDocumentConverter<ShoutingTextConverter>()
            .AddWebSearch<HostSearchEngine>()
            .AddSpeechSynthesizer<HostSpeechSynthesizer>();
        _app = builder.Build();
        _app.MapG4FBackend();
        await _app.StartAsync();
        _client = _app.GetTestClient();
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _app.DisposeAsync();
        await _upstream.DisposeAsync();
        if (Directory.Exists(_data))
        {
            Directory.Delete(_data, recursive: true);
        }
    }

    [Fact]
    public async Task An_added_converter_converts_the_files_it_accepts_instead_of_the_built_in_one()
    {
        await _client.UploadJsonAsync(BucketUploads.BucketId, BucketUploads.Text("notes.txt", "quiet words"));

        (await _client.ReadTextAsync(BucketUploads.BucketId)).Should().Contain("QUIET WORDS").And.NotContain("quiet words");
    }

    [Fact]
    public async Task An_added_search_engine_with_a_built_in_name_answers_the_searches()
    {
        _upstream.Reply = FakeReply.Text("Hi");

        await _client.ConverseAsync("""{"provider":"Fake","messages":[{"role":"user","content":"Say hi"}],"web_search":true}""");

        var prompt = _upstream.Requests.Single(r => r.Path.EndsWith("/chat/completions", StringComparison.Ordinal))
            .JsonBody!["messages"]!.AsArray()[^1]!["content"]!.GetValue<string>();
        prompt.Should().Contain(HostSearchEngine.Title);
    }

    [Fact]
    public async Task An_added_synthesizer_speaks_for_its_provider_name_instead_of_the_configured_one()
    {
        using var response = await _client.GetAsync("/backend-api/v2/synthesize/Fake?text=Hi");

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        (await response.Content.ReadAsByteArrayAsync()).Should().Equal("RIFF-host"u8.ToArray());
        _upstream.Requests.Should().NotContain(r => r.Path.EndsWith("/audio/speech", StringComparison.Ordinal));
    }
}
