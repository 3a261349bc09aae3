using System.Net;
using G4F.Backend.Downloads;
using G4F.Backend.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace G4F.Backend.Core.Tests.Downloads;

/// <summary>
/// The downloader's own connection rules: they cannot be replaced by host-wide HTTP client settings, each address
/// gets its share of the time, https never goes back to http, and a local write failure is not a network failure.
/// </summary>
public sealed class SafeDownloaderIsolationTests
{
    [Fact]
    public async Task A_host_wide_primary_handler_registered_later_does_not_replace_the_address_check()
    {
        await using var server = await FakeFileServer.StartAsync();
        server.MapText("/a.txt", "text/plain", "hello");
        using var harness = new DownloadHarness(services: s => s.ConfigureHttpClientDefaults(b => b.ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler())));

        var refused = await harness.RefusedAsync(server.BaseUrl + "/a.txt");

        refused.Reason.Should().Be(DownloadFailure.Unsafe);
        server.Requests.Should().BeEmpty();
    }

    [Fact]
    public async Task A_black_holed_address_gets_only_its_share_of_the_time_and_the_next_one_is_tried()
    {
        var time = new FakeTimeProvider();
        var tried = new List<IPAddress>();
        using var reached = new MemoryStream();
        var connector = new SafeConnector(
            new MapResolver().Add("two.test", "93.184.216.34", "93.184.216.35"),
            new AddressPolicy([]),
            Options.Create(new G4F.Backend.Downloads.DownloadOptions()),
            time)
        {
            // Stands in for the network: the first address never answers, the second one does.
            Connect = async (address, _, cancellationToken) =>
            {
                tried.Add(address);
                if (tried.Count == 1)
                {
                    await Task.Delay(Timeout.Infinite, cancellationToken);
                }

                return reached;
            },
        };

        var connecting = connector.ConnectAsync(new DnsEndPoint("two.test", 80), CancellationToken.None).AsTask();
        time.Advance(TimeSpan.FromSeconds(10));
        var stream = await connecting.WaitAsync(TimeSpan.FromSeconds(30));

        stream.Should().BeSameAs(reached, "30 s shared by two addresses gives each at most 10 s");
        tried.Select(a => a.ToString()).Should().Equal("93.184.216.34", "93.184.216.35");
    }

    [Fact]
    public void A_redirect_from_https_to_http_is_refused()
    {
        var act = () => SafeDownloader.NextHop(new Uri("https://example.com/start"), "http://example.com/a.png");

        act.Should().Throw<DownloadException>().Which.Reason.Should().Be(DownloadFailure.Unsafe);
        SafeDownloader.NextHop(new Uri("http://example.com/start"), "http://example.com/a.png").Should().Be(new Uri("http://example.com/a.png"));
        SafeDownloader.NextHop(new Uri("https://example.com/start"), "//example.com/a.png").Should().Be(new Uri("https://example.com/a.png"));
    }

    [Fact]
    public async Task A_local_write_failure_is_a_storage_failure_not_a_network_one()
    {
        await using var server = await FakeFileServer.StartAsync();
        server.MapText("/a.txt", "text/plain", "hello");
        using var harness = new DownloadHarness(DownloadHarness.AllowLoopback);
        await using var full = new FullDiskStream();

        var act = () => harness.Downloader.DownloadAsync(server.BaseUrl + "/a.txt", full, DownloadRequirement.Any, CancellationToken.None);

        var refused = (await act.Should().ThrowAsync<DownloadException>()).Which;
        refused.Reason.Should().Be(DownloadFailure.Storage);
        refused.Message.Should().Be("The downloaded file could not be stored.");
    }

    [Fact]
    public async Task A_page_larger_than_the_document_cap_is_refused_while_media_of_that_size_pass()
    {
        await using var server = await FakeFileServer.StartAsync();
        var png = new byte[40];
        new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A }.CopyTo(png, 0);
        server.MapFile("/page.html", "text/html", new byte[40], chunked: true);
        server.MapFile("/cat.png", "image/png", png, chunked: true);
        using var harness = new DownloadHarness(o =>
        {
            DownloadHarness.AllowLoopback(o);
            o.Downloads.MaxDocumentBytes = 30;
        });

        (await harness.RefusedAsync(server.BaseUrl + "/page.html")).Reason.Should().Be(DownloadFailure.TooLarge);
        var (result, body) = await harness.DownloadAsync(server.BaseUrl + "/cat.png");

        result.ContentType.Should().Be("image/png");
        body.Should().HaveCount(40);
    }

    private sealed class FullDiskStream : MemoryStream
    {
        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) =>
            ValueTask.FromException(new IOException("No space left on device"));
    }
}
