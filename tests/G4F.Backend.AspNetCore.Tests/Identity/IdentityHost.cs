using System.Net;
using System.Net.Http.Headers;
using System.Security.Claims;
using System.Text;
using System.Text.Encodings.Web;
using G4F.Backend.Testing;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace G4F.Backend.AspNetCore.Tests.Identity;

/// <summary>
/// A host that authenticates its users for real (an authentication handler reading <c>X-Test-User</c>, the role
/// <c>admin</c> from <c>X-Test-Role</c>) and tells the backend who calls with <c>UseCallerIdentity</c> and
/// <c>UseAdministrators</c>; one fake upstream, a fixed clock and a data directory of its own.
/// </summary>
internal sealed class IdentityHost : IAsyncDisposable
{
    public const string Today = "2026-08-20";

    private readonly WebApplication _app;
    private readonly FakeUpstream _upstream;

    private IdentityHost(WebApplication app, FakeUpstream upstream, string dataDirectory)
    {
        _app = app;
        _upstream = upstream;
        DataDirectory = dataDirectory;
    }

    public string DataDirectory { get; }

    public string UsageFile => Path.Combine(DataDirectory, "usage", Today + ".jsonl");

    public static async Task<IdentityHost> StartAsync(string? dataDirectory = null)
    {
        var upstream = await FakeUpstream.StartAsync();
        dataDirectory ??= Path.Combine(Path.GetTempPath(), "g4f-tests", Guid.NewGuid().ToString("N"));
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseTestServer();
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton<TimeProvider>(new FakeTimeProvider(new DateTimeOffset(2026, 8, 20, 12, 0, 0, TimeSpan.Zero)));
        builder.Services.AddAuthentication(HeaderAuthentication.SchemeName).AddScheme<AuthenticationSchemeOptions, HeaderAuthentication>(HeaderAuthentication.SchemeName, null);
        builder.Services.AddAuthorization();
        builder.Services.AddG4FBackend(o =>
            {
                o.DataDirectory = dataDirectory;
                o.LatestVersionUrl = null;
            })
            .AddOpenAICompatibleProvider("Fake", p => p.BaseUrl = upstream.OpenAIBaseUrl)
            .UseCallerIdentity(http => http.User.FindFirstValue(ClaimTypes.NameIdentifier))
            .UseAdministrators(http => http.User.IsInRole("admin"));
        var app = builder.Build();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapG4FBackend();
        await app.StartAsync();
        return new IdentityHost(app, upstream, dataDirectory);
    }

    /// <summary>A client authenticated as <paramref name="user"/> (null: anonymous), an administrator when <paramref name="admin"/>.</summary>
    public HttpClient ClientFor(string? user, bool admin = false)
    {
        var client = _app.GetTestClient();
        if (user is not null)
        {
            client.DefaultRequestHeaders.Add(HeaderAuthentication.UserHeader, user);
        }

        if (admin)
        {
            client.DefaultRequestHeaders.Add(HeaderAuthentication.RoleHeader, "admin");
        }

        return client;
    }

    public static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    public static MultipartFormDataContent Upload(string name, string text)
    {
        var form = new MultipartFormDataContent("identity-boundary");
        var part = new ByteArrayContent(Encoding.UTF8.GetBytes(text));
        part.Headers.ContentType = MediaTypeHeaderValue.Parse("text/plain");
        form.Add(part, "files", name);
        return form;
    }

    /// <summary>Sends and returns the status and body; every refusal must be the JSON envelope.</summary>
    public static async Task<(HttpStatusCode Status, string Body)> SendAsync(HttpClient client, HttpMethod method, string path, HttpContent? content = null)
    {
        using var request = new HttpRequestMessage(method, path) { Content = content };
        using var response = await client.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        if ((int)response.StatusCode >= 400)
        {
            response.Content.Headers.ContentType!.MediaType.Should().Be("application/json");
        }

        return (response.StatusCode, body);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        await _upstream.DisposeAsync();
        if (Directory.Exists(DataDirectory))
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
    }

    /// <summary>The host's authentication: <c>X-Test-User</c> names the user, <c>X-Test-Role</c> adds a role.</summary>
    private sealed class HeaderAuthentication(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder)
        : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
    {
        public const string SchemeName = "TestHeader";
        public const string UserHeader = "X-Test-User";
        public const string RoleHeader = "X-Test-Role";

        protected override Task<AuthenticateResult> HandleAuthenticateAsync()
        {
            if (Request.Headers[UserHeader].ToString() is not { Length: > 0 } user)
            {
                return Task.FromResult(AuthenticateResult.NoResult());
            }

            List<Claim> claims = [new(ClaimTypes.NameIdentifier, user)];
            if (Request.Headers[RoleHeader].ToString() is { Length: > 0 } role)
            {
                claims.Add(new Claim(ClaimTypes.Role, role));
            }

            return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName)), SchemeName)));
        }
    }
}
