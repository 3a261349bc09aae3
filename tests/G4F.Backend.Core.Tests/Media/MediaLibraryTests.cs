using G4F.Backend.Core.Tests.Downloads;
using G4F.Backend.Downloads;
using G4F.Backend.Media;
using G4F.Backend.Testing;

namespace G4F.Backend.Core.Tests.Media;

/// <summary>The media folder (PROTOCOL 7.1): names, and storing URLs and data URIs under them.</summary>
public sealed class MediaLibraryTests : IAsyncLifetime
{
    private static readonly byte[] Png = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A, 1, 2, 3, 4];
    private static readonly DateTimeOffset Now = DateTimeOffset.FromUnixTimeSeconds(1755780000);

    private readonly DownloadHarness _harness = new(DownloadHarness.AllowLoopback);
    private FakeFileServer _server = null!;

    public async Task InitializeAsync()
    {
        _server = await FakeFileServer.StartAsync();
        _harness.Time.SetUtcNow(Now);
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _harness.Dispose();
    }

    private MediaLibrary Library => _harness.Get<MediaLibrary>();

    [Theory]
    [InlineData(new[] { "flux", "16:9", null }, "a red fox in snow", "1755780000_flux+16_9+a_red_fox_in_snow_")]
    [InlineData(new[] { "", "  " }, "../../etc/passwd", "1755780000_etc_passwd_")]
    [InlineData(new string[0], null, "1755780000_")]
    public void A_name_is_time_tags_and_alt_sanitised_and_16_hex_of_the_source(string?[] tags, string? alt, string prefix)
    {
        var name = MediaLibrary.NameFor(Now, tags, alt, "https://img.example/a.jpg", ".jpg");

        name.Should().StartWith(prefix).And.EndWith(".jpg").And.NotContain("/");
        name[prefix.Length..^4].Should().MatchRegex("^[0-9a-f]{16}$");
        MediaLibrary.NameFor(Now, tags, alt, "https://img.example/b.jpg", ".jpg").Should().NotBe(name, "the hash follows the source");
    }

    [Fact]
    public void A_long_alt_is_cut_to_the_sanitiser_limit()
    {
        var name = MediaLibrary.NameFor(Now, ["model"], new string('x', 500), "u", ".png");

        name.Should().Be($"1755780000_model+{new string('x', 94)}_{name[^20..^4]}.png");
    }

    [Fact]
    public async Task A_url_is_stored_with_the_time_of_its_last_modified_and_the_extension_of_its_path()
    {
        _server.MapFile("/out/fox.webp", "image/webp", Png, headers: new Dictionary<string, string> { ["Last-Modified"] = "Wed, 21 Oct 2015 07:28:00 GMT" });

        var name = await Library.StoreAsync(_server.BaseUrl + "/out/fox.webp", ["flux"], "a fox", CancellationToken.None);

        name.Should().MatchRegex(@"^1445412480_flux\+a_fox_[0-9a-f]{16}\.webp$");
        File.ReadAllBytes(Path.Combine(_harness.DataDirectory, "media", name)).Should().Equal(Png);
    }

    [Theory]
    [InlineData("/gen?id=1", "image/png", ".png")] // no extension in the URL: the content type names it
    [InlineData("/gen2", "application/octet-stream", ".png")] // octet-stream: the magic bytes name it
    public async Task Without_an_extension_in_the_url_the_type_names_the_file(string path, string contentType, string extension)
    {
        _server.MapFile(path.Split('?')[0], contentType, Png);

        var name = await Library.StoreAsync(_server.BaseUrl + path, [], "pic", CancellationToken.None);

        // The fake server sends a Date header: the time comes from it, not from the clock.
        name.Should().MatchRegex(@"^[0-9]+_pic_[0-9a-f]{16}\" + extension + "$");
    }

    [Fact]
    public async Task A_page_is_refused_and_nothing_is_stored()
    {
        _server.MapText("/page.png", "text/html", "<p>not an image</p>");

        var act = () => Library.StoreAsync(_server.BaseUrl + "/page.png", [], "x", CancellationToken.None);

        (await act.Should().ThrowAsync<DownloadException>()).Which.Reason.Should().Be(DownloadFailure.NotMedia);
        Directory.Exists(Path.Combine(_harness.DataDirectory, "media")).Should().BeFalse();
    }

    [Theory]
    [InlineData("data:image/png;base64,")]
    [InlineData("data:application/octet-stream;base64,")]
    [InlineData("data:;base64,")]
    public async Task A_data_uri_is_decoded_and_named_by_its_type(string head)
    {
        var uri = head + Convert.ToBase64String(Png);

        var name = await Library.StoreAsync(uri, ["gen"], "dot", CancellationToken.None);

        name.Should().MatchRegex(@"^1755780000_gen\+dot_[0-9a-f]{16}\.png$");
        File.ReadAllBytes(Path.Combine(_harness.DataDirectory, "media", name)).Should().Equal(Png);
        _server.Requests.Should().BeEmpty();
    }

    [Theory]
    [InlineData("data:text/html;base64,PHA+aGk8L3A+", "NotMedia")]
    [InlineData("data:application/octet-stream;base64,AAAA", "NotMedia")]
    [InlineData("data:image/png;base64,***", "Unsafe")]
    [InlineData("data:image/png", "Unsafe")]
    public async Task A_data_uri_that_is_not_media_or_malformed_is_refused(string uri, string reason)
    {
        var act = () => Library.StoreAsync(uri, [], "x", CancellationToken.None);

        (await act.Should().ThrowAsync<DownloadException>()).Which.Reason.ToString().Should().Be(reason);
    }

    [Fact]
    public async Task A_data_uri_over_the_size_cap_is_refused_before_decoding()
    {
        using var harness = new DownloadHarness(o => o.Downloads.MaxBytes = 8);

        var act = () => harness.Get<MediaLibrary>().StoreAsync("data:image/png;base64," + Convert.ToBase64String(Png), [], "x", CancellationToken.None);

        (await act.Should().ThrowAsync<DownloadException>()).Which.Reason.Should().Be(DownloadFailure.TooLarge);
    }

    [Theory]
    [InlineData("../secret.png", "secret.png")]
    [InlineData("..%2F..%2Fa.mp3", "a.mp3")]
    [InlineData("notes.txt", null)]
    [InlineData("..", null)]
    public void A_name_resolves_inside_the_media_folder_or_not_at_all(string name, string? expected)
    {
        var stored = MediaLibrary.TryName(name, out var safe) ? safe : null;

        stored.Should().Be(expected);
    }
}
