using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using G4F.Backend.AspNetCore.Tests.Infrastructure;
using G4F.Backend.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.TestHost;
using static G4F.Backend.AspNetCore.Tests.OpenAI.OpenAIChatCompletionTests;

namespace G4F.Backend.AspNetCore.Tests.Hosting;

/// <summary>
/// Every link to this server's own routes moves with the mount (PROTOCOL 1.1), one case a way a host can mount the
/// backend: the media URLs of a conversation's and of <c>/create</c>'s pictures, the redirect of <c>/search</c>, and the
/// pictures of a chat completion at the OpenAI front door, which link the backend's mount as mapped.
/// </summary>
public sealed partial class MountPrefixTests : IAsyncLifetime
{
    private const string Planted = "1755780200_sdxl+a_grey_wolf_1111111111111111.png";
    private static readonly byte[] Pixel = Convert.FromBase64String("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNk+A8AAQUBAScY42YAAAAASUVORK5CYII=");
    private readonly string _data = Path.Combine(Path.GetTempPath(), "g4f-tests", Guid.NewGuid().ToString("N"));
    private FakeUpstream _upstream = null!;

    public async Task InitializeAsync()
    {
        _upstream = await FakeUpstream.StartAsync();
        _upstream.ImageUrls = [];
        _upstream.ImageBytes = [Pixel];
        File.WriteAllBytes(Path.Combine(Directory.CreateDirectory(Path.Combine(_data, "media")).FullName, Planted), Pixel);
    }

    public async Task DisposeAsync()
    {
        await _upstream.DisposeAsync();
        if (Directory.Exists(_data))
        {
            Directory.Delete(_data, recursive: true);
        }
    }

    /// <param name="pathBase">The host's <c>UsePathBase</c>, if any.</param>
    /// <param name="outerGroup">A route group of the host around <c>MapG4FBackend</c>, if any.</param>
    /// <param name="prefix">The prefix given to <c>MapG4FBackend</c>.</param>
    /// <param name="requested">The mount as the client's request spells it (path base included).</param>
    /// <param name="expected">The mount the backend's own links carry.</param>
    /// <param name="frontDoor">The prefix of <c>MapG4FOpenAI</c>, mapped at the application's root.</param>
    /// <param name="frontDoorExpected">The mount a chat completion's pictures link; null where the front door cannot know it.</param>
    [Theory]
    [InlineData(null, null, "", "", "", "/v1", "")]
    [InlineData(null, null, "/g4f", "/g4f", "/g4f", "/v1", "/g4f")]
    [InlineData(null, null, "/g4f/", "/g4f", "/g4f", "/v1", "/g4f")]
    [InlineData(null, null, "g4f", "/g4f", "/g4f", "/v1", "/g4f")]
    [InlineData(null, null, "/g4f", "/G4F", "/G4F", "/v1", "/g4f")]
    [InlineData(null, null, "/my app", "/my%20app", "/my%20app", "/v1", "/my%20app")]
    [InlineData("/base", null, "/g4f", "/base/g4f", "/base/g4f", "/v1", "/base/g4f")]
    [InlineData(null, null, "/g4f", "/g4f", "/g4f", "", "/g4f")]
    [InlineData(null, "/outer", "/g4f", "/outer/g4f", "/outer/g4f", "/v1", "/outer/g4f")]
    [InlineData("/base", "/outer", "", "/base/outer", "/base/outer", "/v1", "/base/outer")]
    [InlineData(null, null, "/{tenant}", "/acme", "/acme", "/v1", null)]
    public async Task Links_to_the_servers_own_routes_carry_the_mount(
        string? pathBase, string? outerGroup, string prefix, string requested, string expected, string frontDoor, string? frontDoorExpected)
    {
        await using var app = await StartAsync(app =>
        {
            if (pathBase is not null)
            {
                app.UsePathBase(pathBase);
            }

            IEndpointRouteBuilder routes = outerGroup is null ? app : app.MapGroup(outerGroup);
            routes.MapG4FBackend(prefix);
            app.MapG4FOpenAI(frontDoor);
        });
        var client = app.GetTestClient();
        var requestedFrontDoor = (pathBase ?? string.Empty) + frontDoor;

        var conversation = await client.ConverseAsync("""{"provider":"Images","model":"dall-e-3","messages":[{"role":"user","content":"a fox"}]}""", requested + "/backend-api/v2/conversation");
        using var created = await client.GetAsync(requested + "/backend-api/v2/create?prompt=a%20fox&provider=Images&model=dall-e-3&cache=1");
        using var found = await client.GetAsync(requested + "/search/wolf");
        using var completion = await client.PostAsync(requestedFrontDoor + "/chat/completions", Json("""{"model":"dall-e-3","messages":[{"role":"user","content":"a fox"}]}"""));

        conversation.OfType("content").Single().GetProperty("urls")[0].GetString().Should().StartWith(expected + "/media/");
        created.StatusCode.Should().Be(HttpStatusCode.Redirect);
        created.Headers.Location!.OriginalString.Should().StartWith(expected + "/media/");
        found.StatusCode.Should().Be(HttpStatusCode.Redirect);
        found.Headers.Location!.OriginalString.Should().Be(expected + "/media/" + Planted);
        completion.StatusCode.Should().Be(HttpStatusCode.OK);
        var content = JsonDocument.Parse(await completion.Content.ReadAsStringAsync()).RootElement.GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString()!;
        var link = Anchor().Match(content).Groups[1].Value;
        if (frontDoorExpected is not null)
        {
            link.Should().StartWith(frontDoorExpected + "/media/", $"the answer was {content}");
            (await client.GetAsync(link)).StatusCode.Should().Be(HttpStatusCode.OK);
        }

        (await client.GetAsync(found.Headers.Location.OriginalString)).StatusCode.Should().Be(HttpStatusCode.OK, "the link resolves on this server");
    }

    private Task<WebApplication> StartAsync(Action<WebApplication> map) => MountedBackend.StartAsync(_data, _upstream.OpenAIBaseUrl, map);

    [GeneratedRegex("href=\"([^\"]+)\"")]
    private static partial Regex Anchor();
}
