using G4F.Backend.Downloads;

namespace G4F.Backend.Core.Tests.Downloads;

/// <summary>
/// One rule decides whether a URL is this server's own, for the fetch refusal and for reading local files alike: its
/// host and port, whatever the http(s) scheme (a TLS-terminating proxy hands the request on as http).
/// </summary>
public sealed class ServerOriginTests
{
    [Theory]
    [InlineData("http://127.0.0.1:8080", "http://127.0.0.1:8080/media/a.png", true)]
    [InlineData("http://LOCALHOST:8080", "http://localhost:8080/x", true)]
    [InlineData("http://127.0.0.1:80", "http://127.0.0.1/media/a.png", true)]
    [InlineData("https://example.test", "https://example.test:443/a", true)]
    [InlineData("http://127.0.0.1:8080", "http://127.0.0.1:8081/media/a.png", false)]
    [InlineData("http://127.0.0.1:8080", "https://127.0.0.1:8080/media/a.png", true)]
    [InlineData("http://localhost", "https://localhost/files/b1/media/a.mp3", true)]
    [InlineData("http://chat.example:443", "https://chat.example/a", true)]
    [InlineData("https://chat.example", "http://chat.example/a", true)]
    [InlineData("http://localhost", "https://localhost:8443/a", false)]
    [InlineData("http://127.0.0.1:8080", "ftp://127.0.0.1:8080/media/a.png", false)]
    [InlineData("http://127.0.0.1:8080", "http://127.0.0.2:8080/media/a.png", false)]
    [InlineData(null, "http://127.0.0.1:8080/media/a.png", false)]
    public void Both_checks_agree_on_what_this_server_owns(string? origin, string url, bool owned)
    {
        ServerOrigin.Owns(origin, new Uri(url)).Should().Be(owned);
        (ServerOrigin.PathOnThisServer(url, origin) is not null).Should().Be(owned);
    }

    [Fact]
    public void A_path_is_this_server_s_and_a_protocol_relative_url_is_not()
    {
        ServerOrigin.PathOnThisServer("/media/a.png?x=1", null).Should().Be("/media/a.png?x=1");
        ServerOrigin.PathOnThisServer("//evil.test/media/a.png", "http://127.0.0.1").Should().BeNull();
    }
}
