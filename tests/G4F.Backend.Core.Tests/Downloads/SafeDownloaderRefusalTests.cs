using G4F.Backend.Downloads;

namespace G4F.Backend.Core.Tests.Downloads;

/// <summary>URLs the downloader refuses before any byte is fetched (PROTOCOL 7.5, 14.3).</summary>
public sealed class SafeDownloaderRefusalTests
{
    [Theory]
    [InlineData("http://127.0.0.1/")]
    [InlineData("http://localhost/")]
    [InlineData("http://LocalHost:8080/")]
    [InlineData("http://[::1]/")]
    [InlineData("http://[::ffff:127.0.0.1]/")]
    [InlineData("http://[::ffff:7f00:1]/")]
    [InlineData("http://[64:ff9b::7f00:1]/")]
    [InlineData("http://[2002:7f00:1::]/")]
    [InlineData("http://169.254.169.254/latest/meta-data/")]
    [InlineData("http://10.0.0.1/")]
    [InlineData("http://100.64.0.1/")]
    [InlineData("http://0.0.0.0/")]
    [InlineData("http://2130706433/")]
    [InlineData("http://0177.0.0.1/")]
    [InlineData("http://0x7f.1/")]
    [InlineData("http://0x7f000001/")]
    [InlineData("http://127.1/")]
    [InlineData("http://[fe80::1]/")]
    [InlineData("http://[fd00::1]/")]
    [InlineData("http://[ff02::1]/")]
    [InlineData("https://[::]:443/")]
    public async Task Non_public_hosts_are_refused_in_every_spelling(string url)
    {
        using var harness = new DownloadHarness();

        var refused = await harness.RefusedAsync(url);

        refused.Reason.Should().Be(DownloadFailure.Unsafe);
        refused.Message.Should().Be("The URL points to an address that may not be fetched.", "the message never names the resolved address");
    }

    [Theory]
    [InlineData("http://127.0.0.1:6666\\@example.com/")]
    [InlineData("http://example.com\\@127.0.0.1/")]
    [InlineData("http://example.com/a\\b")]
    [InlineData("http://exa\tmple.com/")]
    [InlineData("http://example.com/\r\nHost: 127.0.0.1")]
    [InlineData("http://user@example.com/")]
    [InlineData("http://user:secret@example.com/")]
    [InlineData("http://@example.com/")]
    [InlineData("ftp://example.com/file.png")]
    [InlineData("file:///etc/passwd")]
    [InlineData("gopher://127.0.0.1:6379/_INFO")]
    [InlineData("data:image/png;base64,iVBORw0KGgo=")]
    [InlineData("/files/abc/media/cat.png")]
    [InlineData("example.com/cat.png")]
    [InlineData("")]
    [InlineData(" ")]
    public async Task Urls_breaking_the_syntax_rules_are_refused_before_resolving(string url)
    {
        using var harness = new DownloadHarness();

        SafeDownloader.TryCheckUrl(url, out var uri, out var error).Should().BeFalse();
        uri.Should().BeNull();
        error.Should().NotBeNullOrEmpty();
        (await harness.RefusedAsync(url)).Reason.Should().Be(DownloadFailure.Unsafe);
        harness.Resolver.Asked.Should().BeEmpty();
    }

    [Theory]
    [InlineData("http://example.com/cat.png")]
    [InlineData("https://example.com:8443/a/b?c=d#e")]
    [InlineData("HTTPS://EXAMPLE.COM/")]
    public void Ordinary_urls_pass_the_syntax_check(string url)
    {
        SafeDownloader.TryCheckUrl(url, out var uri, out var error).Should().BeTrue();
        uri!.Host.Should().Be("example.com");
        error.Should().BeNull();
    }

    [Fact]
    public async Task A_made_up_name_resolving_to_loopback_is_refused_unless_its_network_is_allowed()
    {
        await using var server = await G4F.Backend.Testing.FakeFileServer.StartAsync();
        server.MapText("/a.txt", "text/plain", "hello");
        var url = $"http://files.test:{server.Port}/a.txt";
        using var refusing = new DownloadHarness(resolver: new MapResolver().Add("files.test", "127.0.0.1"));
        using var allowing = new DownloadHarness(DownloadHarness.AllowLoopback, new MapResolver().Add("files.test", "127.0.0.1"));

        (await refusing.RefusedAsync(url)).Reason.Should().Be(DownloadFailure.Unsafe);
        server.Requests.Should().BeEmpty();
        var (result, body) = await allowing.DownloadAsync(url);

        body.Should().Equal("hello"u8.ToArray());
        result.FinalUrl.Should().Be(new Uri(url));
        server.Requests.Should().Equal("/a.txt");
    }

    [Fact]
    public async Task A_name_with_any_disallowed_address_is_refused_even_when_another_one_is_allowed()
    {
        await using var server = await G4F.Backend.Testing.FakeFileServer.StartAsync();
        server.MapText("/a.txt", "text/plain", "hello");
        using var harness = new DownloadHarness(DownloadHarness.AllowLoopback, new MapResolver().Add("mixed.test", "127.0.0.1", "10.0.0.1"));

        (await harness.RefusedAsync($"http://mixed.test:{server.Port}/a.txt")).Reason.Should().Be(DownloadFailure.Unsafe);

        server.Requests.Should().BeEmpty();
    }

    [Fact]
    public async Task An_unresolvable_name_is_a_network_failure()
    {
        using var harness = new DownloadHarness();

        var refused = await harness.RefusedAsync("http://nowhere.test/a.png");

        refused.Reason.Should().Be(DownloadFailure.Network);
        harness.Resolver.Asked.Should().Equal("nowhere.test");
    }
}
