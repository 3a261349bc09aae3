using G4F.Backend.Downloads;
using G4F.Backend.Testing;

namespace G4F.Backend.Core.Tests.Downloads;

/// <summary>Size, time, status and media limits of one download.</summary>
public sealed class SafeDownloaderLimitTests
{
    private static readonly byte[] Png = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, (byte)'I', (byte)'H', (byte)'D', (byte)'R'];

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_body_over_the_size_cap_is_refused_with_or_without_content_length(bool chunked)
    {
        await using var server = await FakeFileServer.StartAsync();
        server.MapFile("/big.bin", "application/octet-stream", new byte[1001], chunked);
        server.MapFile("/fits.bin", "application/octet-stream", new byte[1000], chunked);
        using var harness = new DownloadHarness(o => { DownloadHarness.AllowLoopback(o); o.Downloads.MaxBytes = 1000; });

        var refused = await harness.RefusedAsync(server.BaseUrl + "/big.bin");
        var (result, body) = await harness.DownloadAsync(server.BaseUrl + "/fits.bin");

        refused.Reason.Should().Be(DownloadFailure.TooLarge);
        body.Should().HaveCount(1000);
        result.Length.Should().Be(1000);
    }

    [Fact]
    public async Task A_per_download_cap_lowers_the_configured_one()
    {
        await using var server = await FakeFileServer.StartAsync();
        server.MapFile("/a.bin", "application/octet-stream", new byte[100], chunked: true);
        using var harness = new DownloadHarness(DownloadHarness.AllowLoopback);

        (await harness.RefusedAsync(server.BaseUrl + "/a.bin", new DownloadRequirement(MaxBytes: 99))).Reason.Should().Be(DownloadFailure.TooLarge);
        (await harness.DownloadAsync(server.BaseUrl + "/a.bin", new DownloadRequirement(MaxBytes: 100))).Body.Should().HaveCount(100);
    }

    [Fact]
    public async Task A_server_that_stalls_is_given_up_on_when_the_time_cap_passes()
    {
        await using var server = await FakeFileServer.StartAsync();
        var stalled = server.MapStall("/slow.png");
        using var harness = new DownloadHarness(DownloadHarness.AllowLoopback);
        using var body = new MemoryStream();

        var download = harness.Downloader.DownloadAsync(server.BaseUrl + "/slow.png", body, DownloadRequirement.Media, CancellationToken.None);
        await stalled.WaitAsync(TimeSpan.FromSeconds(30));
        download.IsCompleted.Should().BeFalse();
        harness.Time.Advance(new DownloadOptions().Timeout);

        var refused = (await FluentActions.Awaiting(() => download).Should().ThrowAsync<DownloadException>()).Which;
        refused.Reason.Should().Be(DownloadFailure.Timeout);
    }

    [Fact]
    public async Task The_callers_cancellation_is_not_reported_as_a_download_failure()
    {
        await using var server = await FakeFileServer.StartAsync();
        var stalled = server.MapStall("/slow.png");
        using var harness = new DownloadHarness(DownloadHarness.AllowLoopback);
        using var body = new MemoryStream();
        using var cancel = new CancellationTokenSource();

        var download = harness.Downloader.DownloadAsync(server.BaseUrl + "/slow.png", body, DownloadRequirement.Any, cancel.Token);
        await stalled.WaitAsync(TimeSpan.FromSeconds(30));
        await cancel.CancelAsync();

        await FluentActions.Awaiting(() => download).Should().ThrowAsync<OperationCanceledException>();
    }

    [Theory]
    [InlineData(404)]
    [InlineData(500)]
    public async Task An_error_status_fails_with_the_status(int status)
    {
        await using var server = await FakeFileServer.StartAsync();
        server.Map("/a.png", context =>
        {
            context.Response.StatusCode = status;
            return Task.CompletedTask;
        });
        using var harness = new DownloadHarness(DownloadHarness.AllowLoopback);

        var refused = await harness.RefusedAsync(server.BaseUrl + "/a.png");

        refused.Reason.Should().Be(DownloadFailure.HttpStatus);
        refused.Message.Should().Be($"The server answered {status}.");
    }

    [Theory]
    [InlineData("text/html", false)]
    [InlineData("image/svg+xml", false)]
    [InlineData("application/octet-stream", false)]
    [InlineData(null, false)]
    [InlineData("application/json", true)]
    public async Task Non_media_are_refused_when_media_are_required(string? contentType, bool png)
    {
        await using var server = await FakeFileServer.StartAsync();
        server.MapFile("/x", contentType, png ? Png : "<html><script>alert(1)</script></html>"u8.ToArray());
        using var harness = new DownloadHarness(DownloadHarness.AllowLoopback);

        (await harness.RefusedAsync(server.BaseUrl + "/x", DownloadRequirement.Media)).Reason.Should().Be(DownloadFailure.NotMedia);
        (await harness.DownloadAsync(server.BaseUrl + "/x")).Result.ContentType.Should().Be(contentType ?? null);
    }

    [Theory]
    [InlineData("application/octet-stream", "image/png")]
    [InlineData(null, "image/png")]
    [InlineData("image/png", "image/png")]
    [InlineData("IMAGE/PNG; charset=binary", "image/png")]
    [InlineData("video/mp4", "video/mp4")]
    public async Task Media_are_accepted_by_type_or_by_their_first_bytes(string? contentType, string expected)
    {
        await using var server = await FakeFileServer.StartAsync();
        server.MapFile("/x", contentType, Png);
        using var harness = new DownloadHarness(DownloadHarness.AllowLoopback);

        var (result, body) = await harness.DownloadAsync(server.BaseUrl + "/x", DownloadRequirement.Media);

        body.Should().Equal(Png);
        result.ContentType.Should().Be(expected);
    }

    [Fact]
    public async Task A_tiny_media_body_shorter_than_the_sniffing_window_is_complete()
    {
        await using var server = await FakeFileServer.StartAsync();
        server.MapFile("/tiny.gif", "application/octet-stream", "GIF89a"u8.ToArray(), chunked: true);
        using var harness = new DownloadHarness(DownloadHarness.AllowLoopback);

        var (result, body) = await harness.DownloadAsync(server.BaseUrl + "/tiny.gif", DownloadRequirement.Media);

        body.Should().Equal("GIF89a"u8.ToArray());
        result.ContentType.Should().Be("image/gif");
    }
}
