using System.Globalization;
using System.Net;
using System.Text.Json;
using G4F.Backend.AspNetCore.Tests.Infrastructure;
using G4F.Backend.Downloads;
using G4F.Backend.Testing;
using Microsoft.Extensions.DependencyInjection;
using Snapshooter.Xunit;

namespace G4F.Backend.AspNetCore.Tests.Conversations;

/// <summary>
/// Attached media URLs that must not be fetched are refused before the stream (PROTOCOL 3.3, 7.5), and a fetch that
/// fails ends the turn with one <c>MediaError</c> event instead of calling the provider.
/// </summary>
public sealed class AttachedMediaRefusalTests : IAsyncLifetime
{
    private const string Ask = """{"provider":"Fake","messages":[{"role":"user","content":"What is this?"}]}""";

    private FakeUpstream _upstream = null!;
    private FakeFileServer _files = null!;

    public async Task InitializeAsync()
    {
        _upstream = await FakeUpstream.StartAsync();
        _files = await FakeFileServer.StartAsync();
        _files.MapFile("/a.png", "image/png", MediaSources.Png);
    }

    public async Task DisposeAsync()
    {
        await _files.DisposeAsync();
        await _upstream.DisposeAsync();
    }

    private BackendFactory Backend(bool allowLoopback = false, int? maxAttached = null)
    {
        var settings = BackendFactory.OpenAIProvider("Fake", _upstream.OpenAIBaseUrl);
        if (allowLoopback)
        {
            settings["G4F:Downloads:AllowedNetworks:0"] = "127.0.0.1/32";
        }

        if (maxAttached is { } max)
        {
            settings["G4F:MaxAttachedMedia"] = max.ToString(CultureInfo.InvariantCulture);
        }

        var resolver = new TestHostResolver()
            .Add("loopback.test", "127.0.0.1")
            .Add("mixed.test", "93.184.215.14", "10.1.2.3")
            .Add("public.test", "93.184.215.14");
        return new BackendFactory(settings, services => services.AddSingleton<IHostResolver>(resolver));
    }

    private static async Task<string> ErrorMessageAsync(HttpResponseMessage response)
    {
        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/json");
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        body.RootElement.EnumerateObject().Select(p => p.Name).Should().Equal("error");
        return body.RootElement.GetProperty("error").GetProperty("message").GetString()!;
    }

    [Theory]
    [InlineData("http://169.254.169.254/x.png")]
    [InlineData("http://127.0.0.1:{port}/a.png")]
    [InlineData("http://2130706433:{port}/a.png")]
    [InlineData("http://[::1]:{port}/a.png")]
    [InlineData("http://[::ffff:127.0.0.1]:{port}/a.png")]
    [InlineData("file:///etc/passwd")]
    [InlineData("http://loopback.test:{port}/a.png")]
    [InlineData("http://mixed.test/a.png")]
    [InlineData("http://unresolvable.test/a.png")]
    [InlineData("http://user@public.test/a.png")]
    [InlineData("/etc/passwd")]
    [InlineData("http://localhost/backend-api/v2/version")]
    public async Task An_unsafe_media_url_is_refused_with_400_and_nothing_is_called(string url)
    {
        var target = url.Replace("{port}", _files.Port.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal);
        await using var factory = Backend();

        using var response = await factory.CreateClient().PostFormAsync(Ask, mediaUrls: ["http://public.test/fine.png", target]);

        (await ErrorMessageAsync(response)).Should().Be($"Invalid or disallowed media_url: {target}");
        _upstream.Requests.Should().BeEmpty();
        _files.Requests.Should().BeEmpty();
    }

    [Fact]
    public async Task The_media_check_comes_before_the_provider_lookup()
    {
        await using var factory = Backend();

        using var response = await factory.CreateClient().PostFormAsync(
            """{"provider":"NoSuchProvider","messages":[{"role":"user","content":"Hi"}]}""", mediaUrls: ["http://10.0.0.1/a.png"]);

        (await ErrorMessageAsync(response)).Should().Be("Invalid or disallowed media_url: http://10.0.0.1/a.png");
    }

    [Fact]
    public async Task A_url_in_the_json_media_is_checked_as_well()
    {
        await using var factory = Backend();

        using var response = await factory.CreateClient().PostConversationAsync(
            """{"provider":"Fake","messages":[{"role":"user","content":"Hi"}],"media":[["http://169.254.169.254/latest/meta-data/","x.png"]]}""");

        (await ErrorMessageAsync(response)).Should().Be("Invalid or disallowed media_url: http://169.254.169.254/latest/meta-data/");
        _upstream.Requests.Should().BeEmpty();
    }

    [Fact]
    public async Task More_media_than_allowed_are_refused()
    {
        await using var factory = Backend(allowLoopback: true, maxAttached: 2);
        var url = _files.BaseUrl + "/a.png";

        using var response = await factory.CreateClient().PostFormAsync(Ask, mediaUrls: [url, url, url]);

        (await ErrorMessageAsync(response)).Should().Be("Too many media: at most 2 may be attached to one message");
        _files.Requests.Should().BeEmpty();
    }

    [Fact]
    public async Task A_fetch_that_breaks_off_ends_the_turn_with_one_media_error_naming_only_the_host()
    {
        _files.Map("/broken.png", async context =>
        {
            context.Response.ContentType = "image/png";
            context.Response.ContentLength = 10_000;
            await context.Response.Body.WriteAsync(MediaSources.Png);
            await context.Response.Body.FlushAsync();
            context.Abort();
        });
        await using var factory = Backend(allowLoopback: true);

        var transcript = await factory.CreateClient().ConverseFormAsync(Ask, mediaUrls: [_files.BaseUrl + "/broken.png?token=secret-token"]);

        transcript.Raw.Split('\n').MatchSnapshot();
        _upstream.Requests.Should().BeEmpty("the provider is not called without the medium the user asked about");
        factory.Logs.GetSnapshot().Select(r => r.Message).Should().NotContain(m => m.Contains("secret-token", StringComparison.Ordinal))
            .And.Contain("Fetching attached media from 127.0.0.1 failed: Network");
    }

    [Theory]
    [InlineData("/missing.png", "The server answered 404.")]
    [InlineData("/page.html", "The URL does not point to an image, audio or video file.")]
    [InlineData("/to-metadata", "The URL points to an address that may not be fetched.")]
    public async Task A_failed_fetch_is_a_media_error_event(string path, string reason)
    {
        _files.MapText("/page.html", "text/html", "<p>hi</p>");
        _files.MapRedirect("/to-metadata", "http://169.254.169.254/latest/meta-data/");
        await using var factory = Backend(allowLoopback: true);

        var transcript = await factory.CreateClient().ConverseFormAsync(Ask, mediaUrls: [_files.BaseUrl + path]);

        transcript.Types.Should().Equal("provider", "parameters", "error");
        var error = transcript.OfType("error").Single();
        error.GetProperty("error").GetString().Should().Be("MediaError");
        error.GetProperty("message").GetString().Should().Be($"MediaError: Fetching media from 127.0.0.1 failed: {reason}");
        _upstream.Requests.Should().BeEmpty();
    }
}
