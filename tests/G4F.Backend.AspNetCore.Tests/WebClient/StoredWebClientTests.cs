using System.Net;
using System.Text;
using G4F.Backend.AspNetCore.Tests.Infrastructure;
using G4F.Backend.Caching;
using G4F.Backend.Testing;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace G4F.Backend.AspNetCore.Tests.WebClient;

/// <summary>
/// The fetched client's files kept through the cache store (cache <c>web-client</c>): where the embedded store puts them,
/// how long a stale copy serves when its refresh fails, and a store that fails costing a fetch, never a page.
/// </summary>
public sealed class StoredWebClientTests : IAsyncLifetime
{
    private const string Repository = "/gpt4free/g4f.dev/refs/heads/main/";
    private const string IndexSource = Repository + "chat/index.html";
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);
    private FakeFileServer _raw = null!;

    public async Task InitializeAsync()
    {
        _raw = await FakeFileServer.StartAsync();
        _raw.MapText(IndexSource, "text/plain; charset=utf-8", WebClientFolder.Index);
        _raw.MapText(Repository + "dist/js/chat.v1.js", "text/plain; charset=utf-8", WebClientFolder.Script);
    }

    public async Task DisposeAsync() => await _raw.DisposeAsync();

    [Fact]
    public async Task Fetched_files_live_in_the_cache_store_not_in_a_webclient_folder_and_answer_304_when_unchanged()
    {
        using var factory = Fetching();
        var client = factory.CreateClient();

        var page = await client.GetAsync("/chat/");
        var script = await client.GetAsync("/dist/js/chat.v1.js");

        page.StatusCode.Should().Be(HttpStatusCode.OK);
        script.StatusCode.Should().Be(HttpStatusCode.OK);
        Directory.Exists(Path.Combine(factory.DataDirectory, ".webclient")).Should().BeFalse();
        var stored = await File.ReadAllBytesAsync(Path.Combine(factory.DataDirectory, "web-client", "chat", "index.html"));
        Encoding.UTF8.GetString(stored).Should().EndWith(WebClientFolder.Index, "the embedded cache store keeps the value (fetch time, then the file)");
        page.Content.Headers.LastModified.Should().NotBeNull();

        using var again = new HttpRequestMessage(HttpMethod.Get, "/chat/");
        again.Headers.IfNoneMatch.Add(page.Headers.ETag!);
        (await client.SendAsync(again)).StatusCode.Should().Be(HttpStatusCode.NotModified);
        _raw.Requests.Count(r => r == IndexSource).Should().Be(1);
    }

    [Fact]
    public async Task A_stale_copy_is_served_when_its_refresh_fails_and_only_for_a_bounded_time()
    {
        using var factory = Fetching(s => s.AddSingleton<TimeProvider>(_time));
        var client = factory.CreateClient();
        var first = await client.GetAsync("/chat/");
        first.StatusCode.Should().Be(HttpStatusCode.OK);
        _raw.Map(IndexSource, context =>
        {
            context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            return Task.CompletedTask;
        });

        _time.Advance(TimeSpan.FromDays(1) + TimeSpan.FromSeconds(1));
        var stale = await client.GetAsync("/chat/");

        stale.StatusCode.Should().Be(HttpStatusCode.OK);
        (await stale.Content.ReadAsStringAsync()).Should().Be(WebClientFolder.Index);
        stale.Headers.ETag.Should().Be(first.Headers.ETag, "the copy served is the one fetched first");
        _raw.Requests.Count(r => r == IndexSource).Should().Be(2, "the stale copy was refreshed, and the refresh failed");

        // G4F:Gui:CacheDuration (1 day) and 7 days more: then the copy is gone and the visitor gets the how-to page.
        _time.Advance(TimeSpan.FromDays(7));
        var gone = await client.GetAsync("/chat/");

        gone.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
        (await gone.Content.ReadAsStringAsync()).Should().Contain("G4F__Gui__Path");
    }

    [Fact]
    public async Task A_failing_cache_store_costs_a_fetch_and_a_warning_never_a_failed_page()
    {
        using var factory = Fetching(s => s.AddG4FBackend().UseCacheStore<FailingCacheStore>());
        var client = factory.CreateClient();

        var page = await client.GetAsync("/chat/");
        var script = await client.GetAsync("/dist/js/chat.v1.js");

        page.StatusCode.Should().Be(HttpStatusCode.OK);
        (await page.Content.ReadAsStringAsync()).Should().Be(WebClientFolder.Index);
        script.StatusCode.Should().Be(HttpStatusCode.OK);
        ((FailingCacheStore)factory.Services.GetRequiredService<ICacheStore>()).Calls.Should().BeGreaterThanOrEqualTo(4, "each file was looked up and written");
        factory.Logs.GetSnapshot().Should().Contain(r => r.Level == LogLevel.Warning && r.Message.Contains("could not read the web client file chat/index.html", StringComparison.Ordinal));
        Directory.Exists(Path.Combine(factory.DataDirectory, ".webclient")).Should().BeFalse();
    }

    private BackendFactory Fetching(Action<IServiceCollection>? services = null) => new(
        new Dictionary<string, string?>
        {
            ["G4F:Gui:BaseUrl"] = _raw.BaseUrl + Repository,
            ["G4F:Downloads:AllowedNetworks:0"] = "127.0.0.1/32",
        },
        services);
}
