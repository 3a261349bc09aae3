using System.Net;
using System.Text;
using G4F.Backend.AspNetCore.Identity;
using G4F.Backend.AspNetCore.Tests.Infrastructure;
using G4F.Backend.Identity;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace G4F.Backend.AspNetCore.Tests.Identity;

/// <summary>Without <c>UseCallerIdentity</c> the routes stay open, as the official client's anonymous mode needs.</summary>
public sealed class OpenModeTests
{
    [Fact]
    public async Task Without_the_identity_step_any_caller_reads_and_changes_any_users_data()
    {
        await using var factory = new BackendFactory(new Dictionary<string, string?>());
        using var client = factory.CreateClient();
        static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

        (await client.PostAsync("/backend-api/v2/memory/alice", Json("""{"id":"c1","items":[{"role":"user","content":"bees"}]}"""))).StatusCode.Should().Be(HttpStatusCode.OK);
        (await client.GetStringAsync("/backend-api/v2/memory/alice")).Should().Contain("\"user_id\":\"alice\"");
        (await client.DeleteAsync("/backend-api/v2/memory/alice")).StatusCode.Should().Be(HttpStatusCode.OK);

        using var usage = new HttpRequestMessage(HttpMethod.Post, "/backend-api/v2/usage") { Content = Json("""{"model":"m"}""") };
        usage.Headers.Add("x-user", "alice");
        (await client.SendAsync(usage)).StatusCode.Should().Be(HttpStatusCode.OK);
        (await client.GetStringAsync("/backend-api/v2/stats")).Should().Contain("\"alice\":");

        (await client.PostAsync("/backend-api/v2/chat/s1", Json("""{"updated":1,"title":"first"}"""))).StatusCode.Should().Be(HttpStatusCode.OK);
        (await client.PostAsync("/backend-api/v2/chat/s1", Json("""{"updated":2,"title":"second"}"""))).StatusCode.Should().Be(HttpStatusCode.OK);
        (await client.GetStringAsync("/backend-api/v2/chat/s1")).Should().Contain("second");
        (await client.DeleteAsync("/backend-api/v2/files/s1")).StatusCode.Should().Be(HttpStatusCode.OK);
        Directory.Exists(Path.Combine(factory.DataDirectory, "owners")).Should().BeFalse("no owner is recorded without identity");
    }

    [Theory]
    [InlineData("backend")]
    [InlineData("openai")]
    public async Task Administrators_without_an_identity_step_stop_the_host_at_mapping(string front)
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseTestServer();
        builder.Logging.ClearProviders();
        builder.Services.AddG4FBackend(o => o.LatestVersionUrl = null).UseAdministrators(_ => true);
        await using var app = builder.Build();

        // Each front door checks on its own: the OpenAI one may be mounted without the g4f routes.
        Action map = front == "backend" ? () => app.MapG4FBackend() : () => app.MapG4FOpenAI();

        map.Should().Throw<InvalidOperationException>().WithMessage("UseAdministrators(...) needs UseCallerIdentity(...)*");
    }

    [Fact]
    public async Task Administrators_with_a_hosts_own_identity_provider_stop_the_host_at_mapping()
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseTestServer();
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton<ICallerIdentityProvider, FixedCaller>();
        builder.Services.AddG4FBackend(o => o.LatestVersionUrl = null)
            .UseCallerIdentity(_ => "ignored: the host's provider wins")
            .UseAdministrators(_ => true);
        await using var app = builder.Build();

        var map = () => app.MapG4FBackend();

        // The rule would be silently ignored, and the host would believe its administrators see every user's usage.
        map.Should().Throw<InvalidOperationException>().WithMessage("UseAdministrators(...) applies only to UseCallerIdentity(...)*");
    }

    private sealed class FixedCaller : ICallerIdentityProvider
    {
        public ValueTask<CallerIdentity> IdentifyAsync(HttpContext context, CancellationToken cancellationToken) => ValueTask.FromResult(new CallerIdentity("alice"));
    }
}
