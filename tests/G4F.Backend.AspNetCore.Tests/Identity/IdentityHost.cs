using System.Collections.Concurrent;
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
/// <c>UseAdministrators</c>; one fake upstream (also a page server for <c>downloads.json</c>, on loopback, which the
/// downloader is allowed to reach), a fixed clock and a data directory of its own. A request with
/// <see cref="GateHeader"/> reports when the backend starts reading its body (<see cref="BodyReadStarted"/>).
/// </summary>
internal sealed class IdentityHost : IAsyncDisposable
{
    public const string Today = "2026-08-20";
    public const string GateHeader = "X-Test-Gate";

    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _bodyReads;

    private IdentityHost(WebApplication app, FakeUpstream upstream, string dataDirectory, ConcurrentDictionary<string, TaskCompletionSource> bodyReads)
    {
        _app = app;
        Upstream = upstream;
        DataDirectory = dataDirectory;
        _bodyReads = bodyReads;
    }

    public string DataDirectory { get; }

    public FakeUpstream Upstream { get; }

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
                o.Downloads.AllowedNetworks.Add("127.0.0.1/32");
            })
            .AddOpenAICompatibleProvider("Fake", p => p.BaseUrl = upstream.OpenAIBaseUrl)
            .UseCallerIdentity(http => http.User.FindFirstValue(ClaimTypes.NameIdentifier))
            .UseAdministrators(http => http.User.IsInRole("admin"));
        var app = builder.Build();
        var bodyReads = new ConcurrentDictionary<string, TaskCompletionSource>(StringComparer.Ordinal);
        app.Use((context, next) =>
        {
            if (context.Request.Headers[GateHeader].ToString() is { Length: > 0 } gate)
            {
                context.Request.Body = new BodyReadSignal(context.Request.Body, Signal(bodyReads, gate));
            }

            return next(context);
        });
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapG4FBackend();
        await app.StartAsync();
        return new IdentityHost(app, upstream, dataDirectory, bodyReads);
    }

    /// <summary>Completes when the backend first reads the body of the request sent with <see cref="GateHeader"/> <paramref name="gate"/>.</summary>
    public Task BodyReadStarted(string gate) => Signal(_bodyReads, gate).Task.WaitAsync(TimeSpan.FromSeconds(30));

    /// <summary>
    /// Sends <paramref name="content"/> as a request whose body is held back until <paramref name="release"/> completes,
    /// marked with <paramref name="gate"/>; the task ends with the response.
    /// </summary>
    public static Task<(HttpStatusCode Status, string Body)> SendHeldAsync(HttpClient client, string path, HttpContent content, string gate, Task release)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new HeldContent(content, release) };
        request.Headers.Add(GateHeader, gate);
        return SendAsync(client, request);
    }

    private static TaskCompletionSource Signal(ConcurrentDictionary<string, TaskCompletionSource> reads, string gate) =>
        reads.GetOrAdd(gate, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));

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
    public static Task<(HttpStatusCode Status, string Body)> SendAsync(HttpClient client, HttpMethod method, string path, HttpContent? content = null) =>
        SendAsync(client, new HttpRequestMessage(method, path) { Content = content });

    private static async Task<(HttpStatusCode Status, string Body)> SendAsync(HttpClient client, HttpRequestMessage request)
    {
        using var disposeRequest = request;
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
        await Upstream.DisposeAsync();
        if (Directory.Exists(DataDirectory))
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
    }

    /// <summary>A body that waits for a release before it sends anything; chunked, as a client streaming a slow upload.</summary>
    private sealed class HeldContent : HttpContent
    {
        private readonly HttpContent _inner;
        private readonly Task _release;

        public HeldContent(HttpContent inner, Task release)
        {
            _inner = inner;
            _release = release;
            Headers.ContentType = inner.Headers.ContentType;
        }

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            await _release.WaitAsync(TimeSpan.FromSeconds(30));
            await _inner.CopyToAsync(stream);
        }

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _inner.Dispose();
            }

            base.Dispose(disposing);
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
