using G4F.Backend.Testing;

namespace G4F.Backend.AspNetCore.Tests.Infrastructure;

/// <summary>A file server on loopback with the sources the <c>?url=</c> fallback tests fetch: media, a page, a redirect to cloud metadata.</summary>
internal static class MediaSources
{
    /// <summary>PNG magic bytes and a little more: media by sniffing although served as octet-stream.</summary>
    public static readonly byte[] Png = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A, 1, 2, 3, 4];

    public static async Task<FakeFileServer> StartAsync()
    {
        var server = await FakeFileServer.StartAsync();
        server.MapFile("/cat.png", "application/octet-stream", Png);
        server.MapText("/page.html", "text/html", "<script>alert(1)</script>");
        server.MapRedirect("/to-metadata", "http://169.254.169.254/latest/meta-data/");
        return server;
    }
}
