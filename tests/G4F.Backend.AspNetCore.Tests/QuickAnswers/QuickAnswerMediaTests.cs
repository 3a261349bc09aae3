using System.Net;
using G4F.Backend.AspNetCore.Tests.Infrastructure;
using G4F.Backend.Events;
using G4F.Backend.Providers;
using G4F.Backend.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace G4F.Backend.AspNetCore.Tests.QuickAnswers;

/// <summary><c>GET /create</c> when the answer is media or audio (PROTOCOL 4): redirects, stored files, lists, the cache.</summary>
public sealed class QuickAnswerMediaTests : IAsyncLifetime
{
    private FakeFileServer _files = null!;
    private FakeUpstream _speech = null!;

    public async Task InitializeAsync()
    {
        _files = await MediaSources.StartAsync();
        _files.MapFile("/dog.png", "image/png", MediaSources.Png);
        _speech = await FakeUpstream.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _files.DisposeAsync();
        await _speech.DisposeAsync();
    }

    private static BackendFactory Backend(MediaAnswerProvider provider, IDictionary<string, string?>? settings = null) => new(
        BackendFactory.Merge(new Dictionary<string, string?> { ["G4F:Downloads:AllowedNetworks:0"] = "127.0.0.1/32" }, settings ?? new Dictionary<string, string?>()),
        services => services.AddSingleton<IChatProvider>(provider));

    private static ContentEvent Images(params string[] urls) => new(string.Join("\n", urls.Select(u => $"[![a cat]({u})]({u})"))) { Urls = urls, Alt = "a cat" };

    private static string[] StoredMedia(string dataDirectory) =>
        [.. Directory.GetFiles(Path.Combine(dataDirectory, "media")).Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal)];

    private string Escaped(string path) => Uri.EscapeDataString(_files.BaseUrl + path).Replace("%2F", "/", StringComparison.Ordinal);

    [Fact]
    public async Task One_remote_image_without_cache_is_a_redirect_to_it_and_nothing_is_stored()
    {
        var url = _files.BaseUrl + "/cat.png";
        var provider = new MediaAnswerProvider("Painter", () => Images(url));
        await using var factory = Backend(provider);

        using var response = await factory.CreateClient(new() { AllowAutoRedirect = false }).GetAsync("/backend-api/v2/create?prompt=a%20cat&provider=Painter");

        response.StatusCode.Should().Be(HttpStatusCode.Redirect);
        response.Headers.Location.Should().Be(new Uri(url));
        Directory.Exists(Path.Combine(factory.DataDirectory, "media")).Should().BeFalse();
        _files.Requests.Should().BeEmpty();
    }

    [Fact]
    public async Task One_data_uri_image_is_answered_as_text()
    {
        var dataUri = "data:image/png;base64," + Convert.ToBase64String(MediaSources.Png);
        await using var factory = Backend(new MediaAnswerProvider("Painter", () => Images(dataUri)));

        var text = await factory.CreateClient().GetStringAsync("/backend-api/v2/create?prompt=a%20cat&provider=Painter");

        text.Should().Be(dataUri);
    }

    [Fact]
    public async Task Several_images_are_stored_and_listed_one_local_url_per_line_under_the_mount_prefix()
    {
        var provider = new MediaAnswerProvider("Painter", () => Images(_files.BaseUrl + "/cat.png", _files.BaseUrl + "/dog.png"));
        var dataDirectory = Path.Combine(Path.GetTempPath(), "g4f-tests", Guid.NewGuid().ToString("N"));
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseTestServer();
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton<IChatProvider>(provider);
        builder.Services.AddG4FBackend(o =>
        {
            o.LatestVersionUrl = null;
            o.DataDirectory = dataDirectory;
            o.Downloads.AllowedNetworks.Add("127.0.0.1/32");
        });
        await using var app = builder.Build();
        app.MapG4FBackend("/g4f");
        await app.StartAsync();
        var client = app.GetTestClient();
        try
        {
            var lines = (await client.GetStringAsync("/g4f/backend-api/v2/create?prompt=a%20cat&provider=Painter")).Split('\n');

            var stored = StoredMedia(dataDirectory);
            stored.Should().HaveCount(2).And.OnlyContain(n => n.Contains("_image-model+a_cat_", StringComparison.Ordinal) && n.EndsWith(".png", StringComparison.Ordinal));
            lines.Should().HaveCount(2).And.OnlyContain(l => l.StartsWith("/g4f/media/", StringComparison.Ordinal));
            lines.Select(l => l[..l.IndexOf('?', StringComparison.Ordinal)]).Should().BeEquivalentTo(stored.Select(n => "/g4f/media/" + n));
            lines.Select(l => l[(l.IndexOf('?', StringComparison.Ordinal) + 1)..]).Should().BeEquivalentTo($"url={Escaped("/cat.png")}", $"url={Escaped("/dog.png")}");
            foreach (var line in lines)
            {
                (await client.GetByteArrayAsync(line)).Should().Equal(MediaSources.Png, "every listed URL resolves on this server");
            }
        }
        finally
        {
            Directory.Delete(dataDirectory, recursive: true);
        }
    }

    [Fact]
    public async Task A_cached_image_is_stored_redirected_to_and_served_again_without_the_provider()
    {
        var provider = new MediaAnswerProvider("Painter", () => Images(_files.BaseUrl + "/cat.png"));
        await using var factory = Backend(provider);
        var client = factory.CreateClient(new() { AllowAutoRedirect = false });

        using var first = await client.GetAsync("/backend-api/v2/create?prompt=a%20cat&provider=Painter&cache=yes");
        using var second = await client.GetAsync("/backend-api/v2/create?prompt=a%20cat&provider=Painter&cache=yes");

        first.StatusCode.Should().Be(HttpStatusCode.Redirect);
        var stored = StoredMedia(factory.DataDirectory).Should().ContainSingle().Subject;
        first.Headers.Location!.OriginalString.Should().Be($"/media/{stored}?url={Escaped("/cat.png")}");
        second.Headers.Location.Should().Be(first.Headers.Location);
        provider.Calls.Should().Be(1);
        _files.Requests.Should().Equal("/cat.png");
        (await client.GetByteArrayAsync(first.Headers.Location)).Should().Equal(MediaSources.Png);
    }

    [Fact]
    public async Task A_media_item_that_cannot_be_stored_keeps_its_remote_url()
    {
        var provider = new MediaAnswerProvider("Painter", () => Images(_files.BaseUrl + "/cat.png", "http://169.254.169.254/latest/meta-data/x.png"));
        await using var factory = Backend(provider);

        var lines = (await factory.CreateClient().GetStringAsync("/backend-api/v2/create?prompt=a%20cat&provider=Painter")).Split('\n');

        lines.Should().HaveCount(2);
        lines[0].Should().StartWith("/media/");
        lines[1].Should().Be("http://169.254.169.254/latest/meta-data/x.png", "a refused download is never fetched, the source stays as it was");
        StoredMedia(factory.DataDirectory).Should().ContainSingle();
    }

    [Fact]
    public async Task An_image_model_of_an_openai_compatible_provider_is_generated_and_redirected_to()
    {
        _speech.ImageUrls = [_files.BaseUrl + "/cat.png"];
        await using var factory = new BackendFactory(BackendFactory.Merge(
            BackendFactory.OpenAIProvider("Fake", _speech.OpenAIBaseUrl),
            new Dictionary<string, string?> { ["G4F:Providers:Fake:ImageModels:0"] = "flux", ["G4F:Downloads:AllowedNetworks:0"] = "127.0.0.1/32" }));
        var client = factory.CreateClient(new() { AllowAutoRedirect = false });

        using var direct = await client.GetAsync("/backend-api/v2/create?prompt=a%20red%20fox&provider=Fake&model=flux");
        using var cached = await client.GetAsync("/backend-api/v2/create?prompt=a%20red%20fox&provider=Fake&model=flux&cache=1");

        direct.StatusCode.Should().Be(HttpStatusCode.Redirect);
        direct.Headers.Location.Should().Be(new Uri(_files.BaseUrl + "/cat.png"));
        var generation = _speech.Requests.First(r => r.Path.EndsWith("/images/generations", StringComparison.Ordinal));
        generation.JsonBody!["prompt"]!.GetValue<string>().Should().Be("a red fox");
        cached.StatusCode.Should().Be(HttpStatusCode.Redirect);
        var stored = StoredMedia(factory.DataDirectory).Should().ContainSingle().Subject;
        stored.Should().Contain("_flux+a_red_fox_");
        cached.Headers.Location!.OriginalString.Should().Be($"/media/{stored}?url={Escaped("/cat.png")}");
    }

    [Fact]
    public async Task Audio_asked_for_is_the_spoken_answer_served_as_a_stored_file_and_redirected_to_when_cached()
    {
        _speech.Reply = FakeReply.Text("Spoken", " answer");
        _speech.SpeechAudio = [0x49, 0x44, 0x33, 4, 0, 0, 1, 2, 3];
        await using var factory = new BackendFactory(BackendFactory.Merge(
            BackendFactory.OpenAIProvider("Voice", _speech.OpenAIBaseUrl),
            new Dictionary<string, string?> { ["G4F:Providers:Voice:SpeechModel"] = "tts-fake" }));
        var client = factory.CreateClient(new() { AllowAutoRedirect = false });

        using var served = await client.GetAsync("/backend-api/v2/create?prompt=x&provider=Voice&audio=1");
        using var cached = await client.GetAsync("/backend-api/v2/create?prompt=x&audio_provider=Voice&cache=c");
        using var again = await client.GetAsync("/backend-api/v2/create?prompt=x&audio_provider=Voice&cache=c");

        served.StatusCode.Should().Be(HttpStatusCode.OK);
        served.Content.Headers.ContentType!.MediaType.Should().Be("audio/mpeg");
        (await served.Content.ReadAsByteArrayAsync()).Should().Equal(_speech.SpeechAudio);
        var speech = _speech.Requests.First(r => r.Path.EndsWith("/audio/speech", StringComparison.Ordinal));
        speech.JsonBody!["input"]!.GetValue<string>().Should().Be("Spoken answer");
        cached.StatusCode.Should().Be(HttpStatusCode.Redirect);
        cached.Headers.Location!.OriginalString.Should().MatchRegex("^/media/[0-9]+_.+\\.mp3$");
        again.Headers.Location.Should().Be(cached.Headers.Location);
        _speech.Requests.Count(r => r.Path.EndsWith("/chat/completions", StringComparison.Ordinal)).Should().Be(2, "the cached request asked once");
    }

    [Theory]
    [InlineData(401, HttpStatusCode.Unauthorized)]
    [InlineData(429, HttpStatusCode.TooManyRequests)]
    [InlineData(402, HttpStatusCode.TooManyRequests)]
    [InlineData(504, HttpStatusCode.BadGateway)]
    public async Task A_failed_voice_answers_the_status_synthesize_and_v1_answer(int upstream, HttpStatusCode expected)
    {
        _speech.Reply = FakeReply.Text("Spoken");
        _speech.SpeechReply = FakeReply.Status(upstream, """{"error":{"message":"no voice"}}""");
        await using var factory = new BackendFactory(BackendFactory.Merge(
            BackendFactory.OpenAIProvider("Voice", _speech.OpenAIBaseUrl),
            new Dictionary<string, string?> { ["G4F:Providers:Voice:SpeechModel"] = "tts-fake" }));

        using var response = await factory.CreateClient().GetAsync("/backend-api/v2/create?prompt=x&audio_provider=Voice");

        response.StatusCode.Should().Be(expected);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/json");
        (await response.Content.ReadAsStringAsync()).Should().Contain($"Response {upstream}: no voice");
    }

    [Fact]
    public async Task Audio_without_any_voice_fails_before_the_provider_is_called()
    {
        var provider = new MediaAnswerProvider("Painter", () => new ContentEvent("text"));
        await using var factory = Backend(provider);

        using var response = await factory.CreateClient().GetAsync("/backend-api/v2/create?prompt=x&provider=Painter&audio=true");

        response.StatusCode.Should().Be(HttpStatusCode.InternalServerError);
        (await response.Content.ReadAsStringAsync()).Should().Be("""{"error":{"message":"ProviderNotFoundError: No provider can synthesize audio"}}""");
        provider.Calls.Should().Be(0);
    }
}
