using System.Net;
using System.Runtime.CompilerServices;
using G4F.Backend.AspNetCore.Tests.Infrastructure;
using G4F.Backend.Testing;
using G4F.Backend.WebClient;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace G4F.Backend.AspNetCore.Tests.WebClient;

/// <summary>
/// The sample without <c>G4F:Gui:Path</c>: the client's files are fetched from a fake "raw GitHub" on loopback through the
/// safe downloader on first use, kept in the cache store (by default under the data directory), and an unreachable source gives the how-to page.
/// </summary>
public sealed class FetchedWebClientTests : IAsyncLifetime
{
    private const string Repository = "/gpt4free/g4f.dev/refs/heads/main/";
    private FakeFileServer _raw = null!;

    public async Task InitializeAsync()
    {
        _raw = await FakeFileServer.StartAsync();

        // Raw GitHub sends text/plain for everything: the content type must come from the extension.
        _raw.MapText(Repository + "chat/index.html", "text/plain; charset=utf-8", WebClientFolder.Index);
        _raw.MapText(Repository + "dist/js/chat.v1.js", "text/plain; charset=utf-8", WebClientFolder.Script);
    }

    public async Task DisposeAsync() => await _raw.DisposeAsync();

    [Fact]
    public async Task Files_are_fetched_once_kept_in_the_cache_store_and_served_with_their_content_type()
    {
        using var factory = Fetching(_raw.BaseUrl + Repository);
        var client = factory.CreateClient();

        var first = await client.GetAsync("/chat/");
        var second = await client.GetAsync("/chat/");
        var script = await client.GetAsync("/dist/js/chat.v1.js");

        first.StatusCode.Should().Be(HttpStatusCode.OK);
        (await first.Content.ReadAsStringAsync()).Should().Be(WebClientFolder.Index);
        first.Content.Headers.ContentType!.MediaType.Should().Be("text/html");
        (await second.Content.ReadAsStringAsync()).Should().Be(WebClientFolder.Index);
        script.Content.Headers.ContentType!.MediaType.Should().Be("text/javascript");
        (await script.Content.ReadAsStringAsync()).Should().Be(WebClientFolder.Script);
        _raw.Requests.Count(r => r == Repository + "chat/index.html").Should().Be(1);
        File.ReadAllText(Path.Combine(factory.DataDirectory, "web-client", "chat", "index.html")).Should().EndWith(WebClientFolder.Index);
    }

    [Fact]
    public async Task Concurrent_first_requests_share_one_fetch()
    {
        using var factory = Fetching(_raw.BaseUrl + Repository);
        var client = factory.CreateClient();

        var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => client.GetAsync("/dist/js/chat.v1.js")));

        responses.Should().AllSatisfy(r => r.StatusCode.Should().Be(HttpStatusCode.OK));
        _raw.Requests.Count(r => r == Repository + "dist/js/chat.v1.js").Should().Be(1);
    }

    [Fact]
    public async Task A_file_the_source_does_not_have_is_404_and_a_hostile_path_never_reaches_the_source()
    {
        using var factory = Fetching(_raw.BaseUrl + Repository);
        var client = factory.CreateClient();

        (await client.GetAsync("/dist/js/missing.js")).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await client.GetAsync("/dist/%2e%2e/%2e%2e/%2e%2e/etc/passwd")).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await client.GetAsync("/dist/.git/config")).StatusCode.Should().Be(HttpStatusCode.NotFound);

        _raw.Requests.Should().Equal(Repository + "dist/js/missing.js");
    }

    [Fact]
    public async Task A_source_that_cannot_be_reached_gives_the_how_to_page_not_a_bare_404()
    {
        // A port nothing listens on: the connection is refused, as offline.
        using var factory = Fetching("http://127.0.0.1:1/gpt4free/");
        var client = factory.CreateClient();

        var page = await client.GetAsync("/chat/");
        var asset = await client.GetAsync("/dist/js/chat.v1.js");

        page.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
        page.Content.Headers.ContentType!.MediaType.Should().Be("text/html");
        (await page.Content.ReadAsStringAsync()).Should().Contain("G4F__Gui__Path").And.Contain("git clone https://github.com/gpt4free/g4f.dev");
        asset.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
    }

    [Fact]
    public async Task With_fetching_off_the_how_to_page_is_shown_at_once()
    {
        using var factory = Fetching(string.Empty);
        var client = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = true });

        var page = await client.GetAsync("/");

        page.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
        (await page.Content.ReadAsStringAsync()).Should().Contain("G4F:Gui:Path");
        _raw.Requests.Should().BeEmpty();
    }

    [Theory]
    [InlineData("/chat/")]
    [InlineData("/dist/js/chat.v1.js")]
    [InlineData("/dist/js/missing.js")]
    public async Task Head_answers_as_get_without_a_body(string path)
    {
        using var factory = Fetching(_raw.BaseUrl + Repository);

        await HeadComparison.AnswersLikeGetWithoutABodyAsync(factory.CreateClient(), path);
    }

    [Theory]
    [InlineData("/chat/")]
    [InlineData("/dist/js/chat.v1.js")]
    public async Task Head_with_fetching_off_answers_as_get_without_a_body(string path)
    {
        using var factory = Fetching(string.Empty);

        await HeadComparison.AnswersLikeGetWithoutABodyAsync(factory.CreateClient(), path);
    }

    [Fact]
    public async Task Web_client_loads_of_callers_that_left_do_not_keep_fetching()
    {
        // One fetch slot, held by the fetch of held.js. Ten callers for ten other files give up while their loads wait
        // for the slot; once it is free, nobody is waiting for any of those files any more.
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _raw.Map(Repository + "dist/js/held.js", async context =>
        {
            await gate.Task;
            context.Response.ContentType = "text/plain";
            await context.Response.WriteAsync("held");
        });
        _raw.MapText(Repository + "dist/js/after.js", "text/plain", "after");
        for (var i = 0; i < 10; i++)
        {
            _raw.MapText(Repository + $"dist/js/f{i}.js", "text/plain", "x");
        }

        using var factory = Fetching(_raw.BaseUrl + Repository, ("G4F:Gui:MaxConcurrentFetches", "1"));
        var client = factory.CreateClient();
        var files = factory.Services.GetRequiredService<WebClientFiles>();
        try
        {
            var held = client.GetAsync("/dist/js/held.js");
            await WaitUntilAsync(() => _raw.Requests.Contains(Repository + "dist/js/held.js"));

            using var leave = new CancellationTokenSource();
            var left = Enumerable.Range(0, 10).Select(i => GiveUpAsync(client, $"/dist/js/f{i}.js", leave.Token)).ToList();
            await WaitUntilAsync(() => files.PendingLoads == 11);
            await leave.CancelAsync();
            (await Task.WhenAll(left)).Should().AllBeEquivalentTo(true, "the slot is held, so every caller gives up");

            // The server sees each request end a moment after its client: wait until the ten loads are off the queue.
            await WaitUntilAsync(() => files.PendingLoads == 1);

            gate.SetResult();
            (await held).StatusCode.Should().Be(HttpStatusCode.OK);

            // A file asked for after them: its load queues behind theirs, so a load still queued would have fetched by now.
            (await client.GetAsync("/dist/js/after.js")).StatusCode.Should().Be(HttpStatusCode.OK);
            _raw.Requests.Where(r => r.Contains("/js/f", StringComparison.Ordinal)).Should().BeEmpty("no caller is waiting for these files any more");
            files.PendingLoads.Should().Be(0);
        }
        finally
        {
            gate.TrySetResult();
        }
    }

    [Fact]
    public async Task Past_the_bound_on_pending_loads_a_new_file_is_503_with_retry_after_not_queued()
    {
        // One slot, two pending loads: a.js is being fetched (stalled at the source), b.js waits for the slot.
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _raw.Map(Repository + "dist/js/a.js", async context =>
        {
            await gate.Task;
            context.Response.ContentType = "text/plain";
            await context.Response.WriteAsync("a");
        });
        _raw.MapText(Repository + "dist/js/b.js", "text/plain", "b");
        _raw.MapText(Repository + "dist/js/c.js", "text/plain", "c");

        using var factory = Fetching(_raw.BaseUrl + Repository, ("G4F:Gui:MaxConcurrentFetches", "1"), ("G4F:Gui:MaxPendingLoads", "2"));
        var client = factory.CreateClient();
        var files = factory.Services.GetRequiredService<WebClientFiles>();
        try
        {
            var a = client.GetAsync("/dist/js/a.js");
            await WaitUntilAsync(() => _raw.Requests.Contains(Repository + "dist/js/a.js"));
            var b = client.GetAsync("/dist/js/b.js");
            await WaitUntilAsync(() => files.PendingLoads == 2);

            // Answered at once, not queued: a bound far below the source's stall.
            using var answerSoon = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            var extra = await client.GetAsync("/dist/js/c.js", answerSoon.Token);
            var page = await client.GetAsync("/chat/", answerSoon.Token);

            extra.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
            extra.Content.Headers.ContentType!.MediaType.Should().Be("text/plain");
            extra.Headers.RetryAfter!.Delta.Should().BePositive();
            page.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
            page.Content.Headers.ContentType!.MediaType.Should().Be("text/html");
            page.Headers.RetryAfter!.Delta.Should().BePositive();
            (await page.Content.ReadAsStringAsync()).Should().Contain("try again").And.Contain("G4F__Gui__Path");
            _raw.Requests.Should().NotContain(Repository + "dist/js/c.js").And.NotContain(Repository + "chat/index.html");

            gate.SetResult();
            (await a).StatusCode.Should().Be(HttpStatusCode.OK);
            (await b).StatusCode.Should().Be(HttpStatusCode.OK);
            (await client.GetAsync("/dist/js/c.js")).StatusCode.Should().Be(HttpStatusCode.OK, "the bound counts loads under way, and they ended");
        }
        finally
        {
            gate.TrySetResult();
        }
    }

    [Fact]
    public async Task A_404_from_the_source_is_remembered_briefly_so_a_repeat_makes_no_fetch()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        using var factory = Fetching(_raw.BaseUrl + Repository, services: s => s.AddSingleton<TimeProvider>(time));
        var client = factory.CreateClient();
        const string Missing = Repository + "dist/js/missing.js";

        (await client.GetAsync("/dist/js/missing.js")).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await client.GetAsync("/dist/js/missing.js")).StatusCode.Should().Be(HttpStatusCode.NotFound);
        _raw.Requests.Count(r => r == Missing).Should().Be(1, "the second request is answered from the remembered 404");

        // Briefly: once the file appears at the source, it is served after the miss has expired.
        _raw.MapText(Missing, "text/plain", "now here");
        time.Advance(TimeSpan.FromMinutes(5) + TimeSpan.FromSeconds(1));
        var found = await client.GetAsync("/dist/js/missing.js");
        found.StatusCode.Should().Be(HttpStatusCode.OK);
        _raw.Requests.Count(r => r == Missing).Should().Be(2);
    }

    private static async Task<bool> GiveUpAsync(HttpClient client, string path, CancellationToken leave)
    {
        try
        {
            using var response = await client.GetAsync(path, leave);
            return false;
        }
        catch (OperationCanceledException)
        {
            return true;
        }
    }

    private static async Task WaitUntilAsync(Func<bool> condition, [CallerArgumentExpression(nameof(condition))] string what = "")
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Still not true after 60 s: {what}");
            }

            await Task.Delay(20);
        }
    }

    private static BackendFactory Fetching(string baseUrl, params (string Key, string Value)[] more) => Fetching(baseUrl, null, more);

    private static BackendFactory Fetching(string baseUrl, Action<IServiceCollection>? services, params (string Key, string Value)[] more)
    {
        var settings = new Dictionary<string, string?>
        {
            ["G4F:Gui:BaseUrl"] = baseUrl,
            ["G4F:Downloads:AllowedNetworks:0"] = "127.0.0.1/32",
        };
        foreach (var (key, value) in more)
        {
            settings[key] = value;
        }

        return new BackendFactory(settings, services);
    }
}
