using System.Net;
using System.Security.Claims;
using System.Text.Encodings.Web;
using G4F.Backend.AspNetCore.Tests.Infrastructure;
using G4F.Backend.Testing;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace G4F.Backend.AspNetCore.Tests.Hosting;

/// <summary>The library inside someone else's app: a prefix, the host's own authorization, providers added in code.</summary>
public sealed class EmbeddingTests
{
    [Fact]
    public async Task Every_route_moves_with_the_prefix_and_obeys_the_hosts_authorization()
    {
        await using var upstream = await FakeUpstream.StartAsync();
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseTestServer();
        builder.Logging.ClearProviders();
        builder.Services.AddAuthentication("Header").AddScheme<AuthenticationSchemeOptions, HeaderAuthentication>("Header", null);
        builder.Services.AddAuthorization();
        builder.Services.AddG4FBackend(o => o.LatestVersionUrl = null)
            .AddOpenAICompatibleProvider("InCode", p => p.BaseUrl = upstream.OpenAIBaseUrl);
        await using var app = builder.Build();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapG4FBackend("/g4f").RequireAuthorization();
        await app.StartAsync();
        var client = app.GetTestClient();

        (await client.GetAsync("/g4f/backend-api/v2/providers")).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        client.DefaultRequestHeaders.Add("X-User-Token", "ok");
        (await client.GetAsync("/backend-api/v2/providers")).StatusCode.Should().Be(HttpStatusCode.NotFound, "nothing is mounted outside the prefix");
        (await client.GetStringAsync("/g4f/backend-api/v2/providers")).Should().Contain("\"name\":\"InCode\"");

        var transcript = await client.ConverseAsync("""{"provider":"InCode","model":"fake-model","messages":[{"role":"user","content":"Hi"}]}""", "/g4f/backend-api/v2/conversation");
        transcript.Content.Should().Be("Hello world");
    }

    [Fact]
    public async Task A_host_provider_and_a_chat_client_provider_join_the_router()
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseTestServer();
        builder.Logging.ClearProviders();
        builder.Services.AddG4FBackend(o => o.LatestVersionUrl = null)
            .AddChatClientProvider("Echo", _ => new EchoChatClient(), p => p.Models = ["echo-1"]);
        await using var app = builder.Build();
        app.MapG4FBackend();
        await app.StartAsync();
        var client = app.GetTestClient();

        var transcript = await client.ConverseAsync("""{"model":"echo-1","messages":[{"role":"user","content":"ping"}]}""");

        transcript.Content.Should().Be("echo: ping");
        transcript.OfType("provider").Last().GetProperty("provider").GetProperty("name").GetString().Should().Be("Echo");
    }

    [Fact]
    public async Task A_host_that_compresses_event_streams_still_gets_an_uncompressed_conversation()
    {
        await using var upstream = await FakeUpstream.StartAsync();
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseTestServer();
        builder.Logging.ClearProviders();
        builder.Services.AddResponseCompression(o =>
        {
            o.EnableForHttps = true;
            o.MimeTypes = ["text/event-stream", "application/json"];
        });
        builder.Services.AddG4FBackend(o => o.LatestVersionUrl = null)
            .AddOpenAICompatibleProvider("InCode", p => p.BaseUrl = upstream.OpenAIBaseUrl);
        await using var app = builder.Build();
        app.UseResponseCompression();
        app.MapG4FBackend();
        await app.StartAsync();
        var client = app.GetTestClient();
        client.DefaultRequestHeaders.AcceptEncoding.ParseAdd("gzip, br");

        using var models = await client.GetAsync("/backend-api/v2/models");
        using var response = await client.PostConversationAsync("""{"provider":"InCode","model":"fake-model","messages":[{"role":"user","content":"Hi"}]}""");

        models.Content.Headers.ContentEncoding.Should().NotBeEmpty("the host's compression is really on");
        response.Content.Headers.ContentEncoding.Should().Equal("identity");
        (await SseTranscript.ReadAsync(response)).Content.Should().Be("Hello world");
    }

    [Fact]
    public void Mapping_without_AddG4FBackend_fails_with_a_clear_message()
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseTestServer();
        using var app = builder.Build();

        var map = () => app.MapG4FBackend();

        map.Should().Throw<InvalidOperationException>().WithMessage("*AddG4FBackend*");
    }

    private sealed class HeaderAuthentication(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder)
        : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
    {
        protected override Task<AuthenticateResult> HandleAuthenticateAsync() =>
            Task.FromResult(Request.Headers.ContainsKey("X-User-Token")
                ? AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Name, "user")], "Header")), "Header"))
                : AuthenticateResult.NoResult());
    }
}
