using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using G4F.Backend.AspNetCore.Tests.Infrastructure;
using G4F.Backend.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SkiaSharp;
using Snapshooter.Xunit;

namespace G4F.Backend.AspNetCore.Tests.Media;

/// <summary>
/// Image models end to end (PROTOCOL 3.5, 7.1, 7.2): the sample host asks a fake OpenAI upstream for an image, stores it
/// from a loopback file server and serves it from the media routes the event names.
/// </summary>
public sealed partial class ImageGenerationTests : IAsyncLifetime
{
    private const string Model = "dall-e-3";
    private static readonly byte[] Picture = PngOf(640, 360);

    private FakeUpstream _upstream = null!;
    private FakeFileServer _images = null!;

    public async Task InitializeAsync()
    {
        _upstream = await FakeUpstream.StartAsync();
        _images = await FakeFileServer.StartAsync();
        _images.MapFile("/out/fox.png", "image/png", Picture, headers: new Dictionary<string, string> { ["Last-Modified"] = "Wed, 21 Oct 2015 07:28:00 GMT" });
        _upstream.ImageUrls = [_images.BaseUrl + "/out/fox.png"];
    }

    public async Task DisposeAsync()
    {
        await _images.DisposeAsync();
        await _upstream.DisposeAsync();
    }

    [Fact]
    public async Task An_image_model_answers_with_the_stored_image_as_an_html_anchor_served_from_the_media_routes()
    {
        await using var factory = Backend();
        var client = factory.CreateClient();

        var transcript = await client.ConverseAsync("""{"model":"dall-e-3","aspect_ratio":"16:9","messages":[{"role":"user","content":"a red fox in snow"}]}""");

        Normalise(transcript.Raw).Split('\n').MatchSnapshot();
        var media = transcript.OfType("content").Single();
        var url = media.GetProperty("urls")[0].GetString()!;
        var name = Path.GetFileName(new Uri("http://host" + url).AbsolutePath);
        name.Should().MatchRegex(@"^1445412480_dall-e-3\+16_9\+a_red_fox_in_snow_[0-9a-f]{16}\.png$");
        File.ReadAllBytes(Path.Combine(factory.DataDirectory, "media", name)).Should().Equal(Picture);
        using var served = await client.GetAsync(url);
        (await served.Content.ReadAsByteArrayAsync()).Should().Equal(Picture);
        using var thumbnail = await client.GetAsync(Thumbnail(media.GetProperty("content").GetString()!));
        thumbnail.StatusCode.Should().Be(HttpStatusCode.OK);
        using var small = SKBitmap.Decode(await thumbnail.Content.ReadAsByteArrayAsync());
        (small.Width, small.Height).Should().Be((400, 225));
    }

    [Fact]
    public async Task The_aspect_ratio_reaches_the_upstream_as_the_mapped_size()
    {
        await using var factory = Backend();

        await factory.CreateClient().ConverseAsync("""{"provider":"Fake","model":"dall-e-3","aspect_ratio":"9:16","prompt":"a tall fox","messages":[{"role":"user","content":"chat text"}]}""");

        var sent = _upstream.Requests.Single(r => r.Path == "/v1/images/generations");
        sent.JsonBody!.ToJsonString().Should().Be("""{"model":"dall-e-3","prompt":"a tall fox","n":1,"size":"1024x1792"}""");
    }

    [Fact]
    public async Task Under_a_path_base_and_a_prefix_the_event_urls_carry_both_and_are_served_there()
    {
        var data = Path.Combine(Path.GetTempPath(), "g4f-tests", Guid.NewGuid().ToString("N"));
        try
        {
            var builder = WebApplication.CreateBuilder();
            builder.WebHost.UseTestServer();
            builder.Logging.ClearProviders();
            builder.Services.AddG4FBackend(o =>
            {
                o.LatestVersionUrl = null;
                o.DataDirectory = data;
                o.Downloads.AllowedNetworks.Add("127.0.0.1/32");
            }).AddOpenAICompatibleProvider("Fake", p =>
            {
                p.BaseUrl = _upstream.OpenAIBaseUrl;
                p.ImageModels.Add(Model);
            });
            await using var app = builder.Build();
            app.UsePathBase("/base");
            app.MapG4FBackend("/g4f");
            await app.StartAsync();
            var client = app.GetTestClient();

            var transcript = await client.ConverseAsync("""{"provider":"Fake","model":"dall-e-3","messages":[{"role":"user","content":"a fox"}]}""", "/base/g4f/backend-api/v2/conversation");

            var media = transcript.OfType("content").Single();
            var url = media.GetProperty("urls")[0].GetString()!;
            var thumbnail = Thumbnail(media.GetProperty("content").GetString()!);
            url.Should().StartWith("/base/g4f/media/");
            thumbnail.Should().StartWith("/base/g4f/thumbnail/");
            (await client.GetAsync(url)).StatusCode.Should().Be(HttpStatusCode.OK);
            (await client.GetAsync(thumbnail)).StatusCode.Should().Be(HttpStatusCode.OK);
        }
        finally
        {
            if (Directory.Exists(data))
            {
                Directory.Delete(data, recursive: true);
            }
        }
    }

    [Fact]
    public async Task Without_download_media_the_remote_url_is_passed_through_and_nothing_is_fetched()
    {
        await using var factory = Backend();
        var source = _images.BaseUrl + "/out/fox.png";

        var transcript = await factory.CreateClient().ConverseAsync("""{"provider":"Fake","model":"dall-e-3","download_media":false,"messages":[{"role":"user","content":"a fox"}]}""");

        var media = transcript.OfType("content").Single();
        media.GetProperty("content").GetString().Should().Be($"[![a fox]({source})]({source})");
        media.GetProperty("urls").EnumerateArray().Select(u => u.GetString()).Should().Equal(source);
        _images.Requests.Should().BeEmpty();
        Directory.Exists(Path.Combine(factory.DataDirectory, "media")).Should().BeFalse();
    }

    [Fact]
    public async Task A_base64_answer_is_stored_and_named_without_a_source_suffix()
    {
        _upstream.ImageUrls = [];
        _upstream.ImageBytes = [Picture];
        await using var factory = Backend();
        var client = factory.CreateClient();

        var transcript = await client.ConverseAsync("""{"provider":"Fake","model":"dall-e-3","messages":[{"role":"user","content":"a fox"}]}""");

        var media = transcript.OfType("content").Single();
        var url = media.GetProperty("urls")[0].GetString()!;
        url.Should().MatchRegex(@"^/media/[0-9]+_dall-e-3\+a_fox_[0-9a-f]{16}\.png$");
        media.GetProperty("content").GetString().Should().StartWith($"""<a href="{url}" data-src="{url}" data-width="640" data-height="360" data-source="">""");
        (await client.GetByteArrayAsync(url)).Should().Equal(Picture);
    }

    [Fact]
    public async Task An_image_the_server_may_not_fetch_stays_remote()
    {
        _upstream.ImageUrls = ["http://169.254.169.254/latest/meta-data/fox.png"];
        await using var factory = Backend();

        var transcript = await factory.CreateClient().ConverseAsync("""{"provider":"Fake","model":"dall-e-3","messages":[{"role":"user","content":"a fox"}]}""");

        transcript.OfType("content").Single().GetProperty("content").GetString()
            .Should().Be("[![a fox](http://169.254.169.254/latest/meta-data/fox.png)](http://169.254.169.254/latest/meta-data/fox.png)");
        transcript.Types.Should().Equal("provider", "parameters", "content", "finish", "usage");
    }

    [Theory]
    [InlineData(401, "auth", "MissingAuthError")]
    [InlineData(429, "error", "RateLimitError")]
    public async Task Upstream_failures_of_image_generation_are_auth_and_error_events(int status, string type, string name)
    {
        _upstream.ImageReply = FakeReply.Status(status, """{"error":{"message":"nope"}}""");
        await using var factory = Backend();

        var transcript = await factory.CreateClient().ConverseAsync("""{"provider":"Fake","model":"dall-e-3","messages":[{"role":"user","content":"a fox"}]}""");

        transcript.Types.Should().Equal("provider", "parameters", type);
        var failure = transcript.OfType(type).Single();
        failure.GetProperty(type).GetString().Should().Be(name);
        failure.GetProperty("message").GetString().Should().Be($"{name}: Response {status}: nope");
    }

    [Fact]
    public async Task With_web_search_the_image_is_asked_for_and_named_after_what_the_user_wrote()
    {
        await using var search = await FakeSearchEngine.StartAsync();
        search.Results(("Foxes", search.MapPage("fox", "<main><p>Foxes live in snow.</p></main>"), "fox snippet"));
        await using var factory = new BackendFactory(BackendFactory.Merge(
            BackendFactory.OpenAIProvider("Fake", _upstream.OpenAIBaseUrl),
            new Dictionary<string, string?>
            {
                ["G4F:Providers:Fake:ImageModels:0"] = Model,
                ["G4F:Downloads:AllowedNetworks:0"] = "127.0.0.1/32",
                ["G4F:Search:DuckDuckGoUrl"] = search.DuckDuckGoUrl,
            }));

        var transcript = await factory.CreateClient().ConverseAsync("""{"model":"dall-e-3","web_search":true,"messages":[{"role":"user","content":"a red fox in snow"}]}""");

        search.DuckDuckGoForms.Should().ContainSingle("the search ran");
        var generation = _upstream.Requests.Single(r => r.Path.EndsWith("/images/generations", StringComparison.Ordinal));
        generation.JsonBody!["prompt"]!.GetValue<string>().Should().Be("a red fox in snow", "the search results are no picture to draw");
        var media = transcript.OfType("content").First(c => c.TryGetProperty("urls", out _));
        media.GetProperty("alt").GetString().Should().Be("a red fox in snow");
        Directory.GetFiles(Path.Combine(factory.DataDirectory, "media")).Select(Path.GetFileName).Should().ContainSingle()
            .Which.Should().Contain("+a_red_fox_in_snow_");
    }

    private BackendFactory Backend() => new(BackendFactory.Merge(
        BackendFactory.OpenAIProvider("Fake", _upstream.OpenAIBaseUrl, apiKey: "sk-server"),
        new Dictionary<string, string?>
        {
            ["G4F:Providers:Fake:ImageModels:0"] = Model,
            ["G4F:Downloads:AllowedNetworks:0"] = "127.0.0.1/32",
        }));

    // The img src of the first anchor.
    private static string Thumbnail(string content) => WebUtility.HtmlDecode(ImageSource().Match(content).Groups[1].Value);

    // The file server's port and the source hash in the name change from run to run.
    private string Normalise(string raw)
    {
        var port = _images.Port.ToString(CultureInfo.InvariantCulture);
        return SourceHash().Replace(raw, "_{hash}.png").Replace("%3A" + port, "%3A{port}", StringComparison.Ordinal).Replace(":" + port, ":{port}", StringComparison.Ordinal);
    }

    private static byte[] PngOf(int width, int height)
    {
        using var bitmap = new SKBitmap(width, height);
        bitmap.Erase(SKColors.OrangeRed);
        using var data = bitmap.Encode(SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }

    [GeneratedRegex("<img src=\"([^\"]+)\"")]
    private static partial Regex ImageSource();

    [GeneratedRegex("_[0-9a-f]{16}\\.png")]
    private static partial Regex SourceHash();
}
