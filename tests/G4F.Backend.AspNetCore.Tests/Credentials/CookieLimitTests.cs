using System.Net;
using G4F.Backend.AspNetCore.Tests.Infrastructure;
using G4F.Backend.Testing;

namespace G4F.Backend.AspNetCore.Tests.Credentials;

/// <summary>
/// A flood or an oversize cookie upload is refused whole and never breaks the provider: the cookies stored before keep
/// going out, and the <c>Cookie</c> header the upstream receives stays within 8 KiB.
/// </summary>
public sealed class CookieLimitTests : IAsyncLifetime
{
    private const string Chat = """{"provider":"Fake","model":"fake-model","messages":[{"role":"user","content":"Hi"}]}""";

    private FakeUpstream _upstream = null!;

    public async Task InitializeAsync() => _upstream = await FakeUpstream.StartAsync();

    public async Task DisposeAsync() => await _upstream.DisposeAsync();

    private string Host => new Uri(_upstream.BaseUrl).Host;

    [Fact]
    public async Task A_flood_of_cookies_for_one_domain_is_refused_and_the_earlier_set_keeps_working()
    {
        await using var factory = new BackendFactory(BackendFactory.OpenAIProvider("Fake", _upstream.OpenAIBaseUrl));
        var client = factory.CreateClient();
        (await client.UploadCookiesAsync("cookies.json", CookieUploads.Export((Host, "session", "good-1", null)))).EnsureSuccessStatusCode();
        var flood = CookieUploads.Export([.. Enumerable.Range(0, 1000).Select(i => (Host, $"c{i}", "v", (long?)null))]);

        using var refused = await client.UploadCookiesAsync("cookies.json", flood);
        var transcript = await client.ConverseAsync(Chat);

        refused.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await refused.Content.ReadAsStringAsync()).Should().Be($$$"""{"error":{"message":"Too many cookies for {{{Host}}}: at most 180 per domain"}}""");
        transcript.Content.Should().Be("Hello world");
        ChatCookie().Should().Be("session=good-1", "the refused upload replaced nothing");
    }

    [Fact]
    public async Task An_oversize_cookie_or_domain_is_refused_with_413()
    {
        await using var factory = new BackendFactory(BackendFactory.OpenAIProvider("Fake", _upstream.OpenAIBaseUrl));
        var client = factory.CreateClient();

        using var large = await client.UploadCookiesAsync("large.json", CookieUploads.Export((Host, "big", new string('x', 5000), null)));
        using var wide = await client.UploadCookiesAsync("wide.json", CookieUploads.Export([.. Enumerable.Range(0, 100).Select(i => (Host, $"c{i}", new string('x', 1000), (long?)null))]));

        large.StatusCode.Should().Be(HttpStatusCode.RequestEntityTooLarge);
        (await large.Content.ReadAsStringAsync()).Should().Be($$$"""{"error":{"message":"A cookie for {{{Host}}} is larger than 4096 bytes"}}""");
        wide.StatusCode.Should().Be(HttpStatusCode.RequestEntityTooLarge);
        (await wide.Content.ReadAsStringAsync()).Should().Be($$$"""{"error":{"message":"The cookies for {{{Host}}} are larger than 65536 bytes"}}""");
        var folder = Path.Combine(factory.DataDirectory, "cookies");
        (Directory.Exists(folder) ? Directory.GetFiles(folder) : []).Should().BeEmpty("a refused file is not stored");
    }

    [Fact]
    public async Task The_header_sent_upstream_stays_within_8_KiB_newest_upload_first_and_the_request_succeeds()
    {
        await using var factory = new BackendFactory(BackendFactory.OpenAIProvider("Fake", _upstream.OpenAIBaseUrl));
        var client = factory.CreateClient();

        // Each file is within every upload limit (60 cookies of 1 KiB), together 120 KiB for one host: beyond what
        // the upstream's server accepts in its headers (Kestrel: 32 KiB), unless the header is capped.
        (await client.UploadCookiesAsync("older.json", Cookies("old"))).EnsureSuccessStatusCode();
        (await client.UploadCookiesAsync("newer.json", Cookies("new"))).EnsureSuccessStatusCode();
        var transcript = await client.ConverseAsync(Chat);

        transcript.Content.Should().Be("Hello world");
        var header = ChatCookie()!;
        header.Length.Should().BeLessThanOrEqualTo(8192);
        var names = header.Split("; ").Select(c => c[..c.IndexOf('=', StringComparison.Ordinal)]).ToList();
        names.Should().Equal(Enumerable.Range(0, names.Count).Select(i => $"new{i}"), "the newest upload's cookies come first, in its order");
        names.Should().HaveCount(8, "eight cookies of 1005 bytes and their separators fit in 8 KiB, a ninth would not");
    }

    [Fact]
    public async Task The_total_kept_is_capped_and_an_upload_over_it_leaves_the_stored_files_alone()
    {
        var settings = BackendFactory.OpenAIProvider("Fake", _upstream.OpenAIBaseUrl);
        settings["G4F:Cookies:MaxTotalBytes"] = "3000";
        await using var factory = new BackendFactory(settings);
        var client = factory.CreateClient();
        (await client.UploadCookiesAsync("first.json", CookieUploads.Export((Host, "a", new string('a', 2000), null)))).EnsureSuccessStatusCode();

        using var second = await client.UploadCookiesAsync("second.json", CookieUploads.Export((Host, "b", new string('b', 2000), null)));
        using var replacing = await client.UploadCookiesAsync("first.json", CookieUploads.Export((Host, "a", new string('c', 2500), null)));
        var transcript = await client.ConverseAsync(Chat);

        second.StatusCode.Should().Be(HttpStatusCode.RequestEntityTooLarge);
        (await second.Content.ReadAsStringAsync()).Should().Be("""{"error":{"message":"The stored cookies would be larger than 3000 bytes"}}""");
        replacing.StatusCode.Should().Be(HttpStatusCode.OK, "a file replacing another under its name counts once");
        transcript.Content.Should().Be("Hello world");
        ChatCookie().Should().Be("a=" + new string('c', 2500));
    }

    private static string Cookies(string prefix) =>
        CookieUploads.Export([.. Enumerable.Range(0, 60).Select(i => ("127.0.0.1", $"{prefix}{i}", new string('v', 1000), (long?)null))]);

    private string? ChatCookie() =>
        _upstream.Requests.Last(r => r.Path.EndsWith("/chat/completions", StringComparison.Ordinal)).Headers.TryGetValue("Cookie", out var value) ? value : null;
}
