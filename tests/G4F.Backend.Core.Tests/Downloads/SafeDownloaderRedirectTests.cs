using G4F.Backend.Downloads;
using G4F.Backend.Testing;

namespace G4F.Backend.Core.Tests.Downloads;

/// <summary>Every redirect hop is checked again (the original checked only the first URL, PROTOCOL 14.3).</summary>
public sealed class SafeDownloaderRedirectTests
{
    [Theory]
    [InlineData("http://127.0.0.2:{port}/a.png")]
    [InlineData("http://[::1]:{port}/a.png")]
    [InlineData("http://10.0.0.1/a.png")]
    [InlineData("http://169.254.169.254/latest/meta-data/")]
    [InlineData("http://2130706434:{port}/a.png")] // 127.0.0.2
    [InlineData("http://0x7f.2:{port}/a.png")]
    [InlineData("http://[::ffff:127.0.0.2]:{port}/a.png")]
    [InlineData("ftp://127.0.0.1/a.png")]
    [InlineData("file:///etc/passwd")]
    [InlineData("http://user@127.0.0.1:{port}/a.png")]
    [InlineData("http://127.0.0.1:{port}\\@example.com/a.png")]
    [InlineData("/a.png\\x")]
    public async Task A_redirect_to_a_refused_url_is_refused_at_the_hop(string location)
    {
        await using var server = await FakeFileServer.StartAsync();
        server.MapRedirect("/start", location.Replace("{port}", server.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal));
        server.MapFile("/a.png", "image/png", [1, 2, 3]);
        using var harness = new DownloadHarness(DownloadHarness.AllowLoopback);

        var refused = await harness.RefusedAsync(server.BaseUrl + "/start");

        refused.Reason.Should().Be(DownloadFailure.Unsafe);
        server.Requests.Should().Equal("/start");
    }

    [Theory]
    [InlineData(301)]
    [InlineData(302)]
    [InlineData(303)]
    [InlineData(307)]
    [InlineData(308)]
    public async Task Allowed_redirects_are_followed_and_the_final_url_is_reported(int status)
    {
        await using var server = await FakeFileServer.StartAsync();
        server.MapRedirect("/start", "/middle?x=1", status);
        server.MapRedirect("/middle", server.BaseUrl + "/a.png", status);
        server.MapFile("/a.png", "image/png", [1, 2, 3]);
        using var harness = new DownloadHarness(DownloadHarness.AllowLoopback);

        var (result, body) = await harness.DownloadAsync(server.BaseUrl + "/start");

        body.Should().Equal(1, 2, 3);
        result.FinalUrl.Should().Be(new Uri(server.BaseUrl + "/a.png"));
        server.Requests.Should().Equal("/start", "/middle?x=1", "/a.png");
    }

    [Fact]
    public async Task At_most_the_configured_number_of_redirects_is_followed()
    {
        await using var server = await FakeFileServer.StartAsync();
        for (var i = 0; i < 4; i++)
        {
            server.MapRedirect($"/r{i}", $"/r{i + 1}");
        }

        server.MapText("/r4", "text/plain", "end");
        using var three = new DownloadHarness(o => { DownloadHarness.AllowLoopback(o); o.Downloads.MaxRedirects = 3; });
        using var four = new DownloadHarness(o => { DownloadHarness.AllowLoopback(o); o.Downloads.MaxRedirects = 4; });

        var refused = await three.RefusedAsync(server.BaseUrl + "/r0");
        var (_, body) = await four.DownloadAsync(server.BaseUrl + "/r0");

        refused.Reason.Should().Be(DownloadFailure.HttpStatus);
        refused.Message.Should().Be("The server redirected too many times.");
        body.Should().Equal("end"u8.ToArray());
        server.Requests.Should().Equal("/r0", "/r1", "/r2", "/r3", "/r0", "/r1", "/r2", "/r3", "/r4");
    }

    [Fact]
    public async Task A_redirect_without_a_location_fails()
    {
        await using var server = await FakeFileServer.StartAsync();
        server.Map("/start", context =>
        {
            context.Response.StatusCode = 302;
            return Task.CompletedTask;
        });
        using var harness = new DownloadHarness(DownloadHarness.AllowLoopback);

        (await harness.RefusedAsync(server.BaseUrl + "/start")).Reason.Should().Be(DownloadFailure.HttpStatus);
    }
}
