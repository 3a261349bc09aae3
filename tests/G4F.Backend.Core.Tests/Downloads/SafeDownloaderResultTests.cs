using G4F.Backend.Testing;

namespace G4F.Backend.Core.Tests.Downloads;

/// <summary>What a successful download reports: type, charset, suggested name, dates.</summary>
public sealed class SafeDownloaderResultTests
{
    [Theory]
    [InlineData("attachment; filename=\"../../etc/my cat.png\"", "/x", "my_cat.png")]
    [InlineData("attachment; filename*=UTF-8''%C3%BCber%20alles.jpg", "/x", "über_alles.jpg")]
    [InlineData("inline", "/a/b/photo%20one.jpg", "photo_one.jpg")]
    [InlineData(null, "/a/b/..%252f..%252fsecret.png", "2f.._2fsecret.png")] // decoded once, as a route value would be: no slash survives
    [InlineData(null, "/", null)]
    [InlineData("attachment; filename=\"...\"", "/dir/", null)]
    public async Task The_suggested_file_name_is_sanitised(string? disposition, string path, string? expected)
    {
        await using var server = await FakeFileServer.StartAsync();
        var headers = disposition is null ? null : new Dictionary<string, string> { ["Content-Disposition"] = disposition };
        server.Map(path == "/" ? "/" : Uri.UnescapeDataString(path), context =>
        {
            foreach (var (name, value) in headers ?? [])
            {
                context.Response.Headers[name] = value;
            }

            return context.Response.Body.WriteAsync("x"u8.ToArray()).AsTask();
        });
        using var harness = new DownloadHarness(DownloadHarness.AllowLoopback);

        var (result, _) = await harness.DownloadAsync(server.BaseUrl + path);

        result.FileName.Should().Be(expected);
    }

    [Fact]
    public async Task Type_charset_and_last_modified_are_reported()
    {
        await using var server = await FakeFileServer.StartAsync();
        server.MapFile("/page", "Text/HTML; charset=ISO-8859-1", "<p>hi</p>"u8.ToArray(), headers: new Dictionary<string, string> { ["Last-Modified"] = "Wed, 21 Oct 2015 07:28:00 GMT" });
        using var harness = new DownloadHarness(DownloadHarness.AllowLoopback);

        var (result, body) = await harness.DownloadAsync(server.BaseUrl + "/page");

        result.ContentType.Should().Be("text/html");
        result.Charset.Should().Be("ISO-8859-1");
        result.LastModified.Should().Be(new DateTimeOffset(2015, 10, 21, 7, 28, 0, TimeSpan.Zero));
        result.Length.Should().Be(body.Length);
    }

    [Fact]
    public async Task Without_last_modified_the_date_header_is_reported()
    {
        await using var server = await FakeFileServer.StartAsync();
        server.MapText("/a.txt", "text/plain", "x");
        using var harness = new DownloadHarness(DownloadHarness.AllowLoopback);

        var (result, _) = await harness.DownloadAsync(server.BaseUrl + "/a.txt");

        result.LastModified.Should().NotBeNull("Kestrel sends a Date header");
    }
}
