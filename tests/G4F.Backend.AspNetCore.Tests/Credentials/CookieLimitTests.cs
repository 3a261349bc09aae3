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

    [Fact]
    public async Task A_file_without_a_usable_cookie_is_refused_with_400_and_never_stored()
    {
        var settings = BackendFactory.OpenAIProvider("Fake", _upstream.OpenAIBaseUrl);
        settings["G4F:Cookies:MaxTotalBytes"] = "1024";
        await using var factory = new BackendFactory(settings);
        var client = factory.CreateClient();

        // "[]" padded to 1 MiB: valid JSON, no cookie; once each would have been kept whole, counting 0 bytes.
        var padded = "[]" + new string(' ', 1024 * 1024);
        var answers = new List<string>();
        for (var i = 0; i < 8; i++)
        {
            using var response = await client.UploadCookiesAsync($"pad{i}.json", padded);
            answers.Add($"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }

        using var expired = await client.UploadCookiesAsync("expired.json", CookieUploads.Export((Host, "old", "v", 1_000_000_000)));
        using var unusable = await client.UploadCookiesAsync("unusable.har", """{"log":{"entries":[{"request":{"url":"not a url","cookies":[{"name":"a","value":"1"}]}}]}}""");

        const string Refusal = """400 {"error":{"message":"The file holds no usable cookie (each needs a domain, a name and a value, and must not have expired)"}}""";
        answers.Should().AllBe(Refusal);
        $"{(int)expired.StatusCode} {await expired.Content.ReadAsStringAsync()}".Should().Be(Refusal, "an expired cookie is never sent");
        $"{(int)unusable.StatusCode} {await unusable.Content.ReadAsStringAsync()}".Should().Be(Refusal);
        var folder = Path.Combine(factory.DataDirectory, "cookies");
        (Directory.Exists(folder) ? Directory.GetFiles(folder) : []).Should().BeEmpty("a refused file is not stored");
    }

    [Fact]
    public async Task The_total_counts_the_bytes_the_files_take_so_many_small_files_cannot_outgrow_it()
    {
        var settings = BackendFactory.OpenAIProvider("Fake", _upstream.OpenAIBaseUrl);
        settings["G4F:Cookies:MaxTotalBytes"] = "1024";
        await using var factory = new BackendFactory(settings);
        var client = factory.CreateClient();

        // Each upload holds one 3-byte cookie beside 200 bytes of fields the backend does not use.
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 40; i++)
        {
            var file = $$$"""[{"domain":"{{{Host}}}","name":"c","value":"v","path":"/","hostOnly":true,"sameSite":"lax","storeId":"{{{new string('0', 160)}}}"}]""";
            using var response = await client.UploadCookiesAsync($"small{i}.json", file);
            statuses.Add(response.StatusCode);
            if (response.StatusCode != HttpStatusCode.OK)
            {
                (await response.Content.ReadAsStringAsync()).Should().Be("""{"error":{"message":"The stored cookies would be larger than 1024 bytes"}}""");
            }
        }

        var stored = Directory.GetFiles(Path.Combine(factory.DataDirectory, "cookies")).Sum(f => new FileInfo(f).Length);
        stored.Should().BeLessThanOrEqualTo(1024, "the files kept are bounded by MaxTotalBytes, not only their cookies");
        statuses.Should().Contain(HttpStatusCode.OK).And.Contain(HttpStatusCode.RequestEntityTooLarge);
        statuses.SkipWhile(s => s == HttpStatusCode.OK).Should().AllBeEquivalentTo(HttpStatusCode.RequestEntityTooLarge);
    }

    [Fact]
    public async Task A_large_har_export_is_accepted_and_kept_as_its_cookies_only()
    {
        var settings = BackendFactory.OpenAIProvider("Fake", _upstream.OpenAIBaseUrl);
        settings["G4F:Cookies:MaxTotalBytes"] = "1024";
        await using var factory = new BackendFactory(settings);
        var client = factory.CreateClient();

        // A browser's .har: 2 MiB of response bodies and headers around the request cookies.
        var body = new string('x', 2 * 1024 * 1024);
        var har = $$$"""
            {"log":{"version":"1.2","entries":[
              {"request":{"method":"POST","url":"{{{_upstream.BaseUrl}}}/v1/chat","headers":[{"name":"Cookie","value":"session=s1; cf=c2"},{"name":"User-Agent","value":"Browser"}],"cookies":[]},
               "response":{"status":200,"content":{"size":{{{body.Length}}},"text":"{{{body}}}"}
               }},
              {"request":{"method":"GET","url":"https://elsewhere.example/","cookies":[{"name":"other","value":"o","expires":"2999-01-01T00:00:00Z"}]}}
            ]}}
            """;

        using var response = await client.UploadCookiesAsync("chat.har", har);
        await client.ConverseAsync(Chat);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        ChatCookie().Should().Be("session=s1; cf=c2");
        var stored = File.ReadAllText(Path.Combine(factory.DataDirectory, "cookies", "chat.har"));
        stored.Should().Be($$$"""{"log":{"entries":[{"request":{"method":"GET","url":"https://{{{Host}}}/","cookies":[{"name":"session","value":"s1"},{"name":"cf","value":"c2"}]}},{"request":{"method":"GET","url":"https://elsewhere.example/","cookies":[{"name":"other","value":"o","expires":"2999-01-01T00:00:00.0000000+00:00"}]}}]}}""");
    }

    private static string Cookies(string prefix) =>
        CookieUploads.Export([.. Enumerable.Range(0, 60).Select(i => ("127.0.0.1", $"{prefix}{i}", new string('v', 1000), (long?)null))]);

    private string? ChatCookie() =>
        _upstream.Requests.Last(r => r.Path.EndsWith("/chat/completions", StringComparison.Ordinal)).Headers.TryGetValue("Cookie", out var value) ? value : null;
}
