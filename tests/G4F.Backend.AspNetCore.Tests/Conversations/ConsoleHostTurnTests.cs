using System.Buffers;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using G4F.Backend.AspNetCore.Tests.Infrastructure;
using G4F.Backend.Conversations;
using G4F.Backend.Downloads;
using G4F.Backend.Events;
using G4F.Backend.Providers;
using G4F.Backend.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace G4F.Backend.AspNetCore.Tests.Conversations;

/// <summary>
/// The turn from Core alone, as a console or worker host runs it (<see cref="ConversationService.RunAsync"/>): the same
/// events as the endpoint, and the refusals the endpoint answers before the stream, with the media checked once.
/// </summary>
public sealed class ConsoleHostTurnTests : IAsyncLifetime
{
    private const string Ask = """{"provider":"Fake","model":"fake-model","messages":[{"role":"user","content":"What is this?"}]}""";

    private readonly string _dataDirectory = Directory.CreateTempSubdirectory("g4f-console-").FullName;
    private FakeUpstream _upstream = null!;
    private FakeFileServer _files = null!;

    public async Task InitializeAsync()
    {
        _upstream = await FakeUpstream.StartAsync();
        _upstream.Reply = FakeReply.Text("Hello", " world").WithUsage(7, 2);
        _files = await FakeFileServer.StartAsync();
        _files.MapFile("/a.png", "image/png", MediaSources.Png);
    }

    public async Task DisposeAsync()
    {
        await _files.DisposeAsync();
        await _upstream.DisposeAsync();
        Directory.Delete(_dataDirectory, recursive: true);
    }

    private Dictionary<string, string?> Settings() => BackendFactory.Merge(
        BackendFactory.OpenAIProvider("Fake", _upstream.OpenAIBaseUrl),
        new Dictionary<string, string?> { ["G4F:Downloads:AllowedNetworks:0"] = "127.0.0.1/32" });

    /// <summary>A host without ASP.NET: a service collection, <c>AddG4FBackend</c> bound to the same settings.</summary>
    private ServiceProvider ConsoleHost(IHostResolver? resolver = null)
    {
        var settings = Settings();
        settings["G4F:DataDirectory"] = _dataDirectory;
        settings["G4F:LatestVersionUrl"] = string.Empty;
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        if (resolver is not null)
        {
            services.AddSingleton(resolver);
        }

        services.AddG4FBackend(configuration.GetSection("G4F"));
        return services.BuildServiceProvider();
    }

    private static ChatRequest Request(string json)
    {
        ChatRequestReader.TryRead(JsonNode.Parse(json)!.AsObject(), out var request, out _).Should().BeTrue();
        return request!;
    }

    /// <summary>The events as the endpoint frames them (PROTOCOL 3.4).</summary>
    private static async Task<string> FrameAsync(IAsyncEnumerable<ResponseEvent> events)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var json = ResponseEventSerializer.CreateWriter(buffer))
        {
            await foreach (var responseEvent in events)
            {
                buffer.Write(Encoding.UTF8.GetBytes($"event: {responseEvent.Type}\ndata: "));
                ResponseEventSerializer.Serialize(json, responseEvent);
                buffer.Write("\n\n"u8);
            }
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    [Fact]
    public async Task A_console_host_gets_the_turn_the_endpoint_streams_byte_for_byte()
    {
        await using var factory = new BackendFactory(Settings());
        var overHttp = await factory.CreateClient().ConverseAsync(Ask);
        await using var host = ConsoleHost();

        var outcome = await host.GetRequiredService<ConversationService>().RunAsync(Request(Ask), TurnInput.None);

        outcome.IsRefused.Should().BeFalse();
        var inProcess = await FrameAsync(outcome.Events);
        inProcess.Should().Be(overHttp.Raw);
        overHttp.Types.Should().Equal("provider", "parameters", "content", "content", "finish", "usage");
    }

    [Fact]
    public async Task An_unknown_provider_is_a_404_refusal_before_any_event()
    {
        await using var host = ConsoleHost();

        var outcome = await host.GetRequiredService<ConversationService>().RunAsync(
            Request("""{"provider":"NoSuchProvider","messages":[{"role":"user","content":"Hi"}]}"""), TurnInput.None);

        outcome.Refusal.Should().Be(new TurnRefusal(404, "Provider with label 'NoSuchProvider' not found"));
        (await FrameAsync(outcome.Events)).Should().BeEmpty();
        _upstream.Requests.Should().BeEmpty();
    }

    [Fact]
    public async Task Media_that_may_not_be_fetched_are_a_400_refusal_with_the_endpoints_message_before_the_provider_lookup()
    {
        await using var host = ConsoleHost();
        var input = new TurnInput { Media = [ChatMedia.FromUrl("http://10.0.0.1/a.png?key=secret")] };

        var outcome = await host.GetRequiredService<ConversationService>().RunAsync(
            Request("""{"provider":"NoSuchProvider","messages":[{"role":"user","content":"Hi"}]}"""), input);

        outcome.Refusal.Should().Be(new TurnRefusal(400, "Invalid or disallowed media_url: http://10.0.0.1/a.png?key=secret"));
        await using var factory = new BackendFactory(Settings());
        using var response = await factory.CreateClient().PostFormAsync(
            """{"provider":"NoSuchProvider","messages":[{"role":"user","content":"Hi"}]}""", mediaUrls: ["http://10.0.0.1/a.png?key=secret"]);
        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        using var body = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        body.RootElement.GetProperty("error").GetProperty("message").GetString().Should().Be(outcome.Refusal!.Message);
        _upstream.Requests.Should().BeEmpty();
    }

    [Fact]
    public async Task The_form_media_of_the_host_are_checked_once_and_fetched_once()
    {
        var resolver = new TestHostResolver().Add("files.test", "127.0.0.1");
        await using var factory = new BackendFactory(Settings(), services => services.AddSingleton<IHostResolver>(resolver));
        var url = $"http://files.test:{_files.Port.ToString(CultureInfo.InvariantCulture)}/a.png";

        var transcript = await factory.CreateClient().ConverseFormAsync(Ask, mediaUrls: [url]);

        transcript.Types.Should().NotContain("error");
        _files.Requests.Should().Equal("/a.png");

        // One lookup for the check before the stream, one for the connection that fetched the file.
        resolver.Lookups.Should().Equal("files.test", "files.test");
        _upstream.LastMessageContent()!.AsArray().Should().HaveCount(2, "the text and the fetched image");
    }
}
