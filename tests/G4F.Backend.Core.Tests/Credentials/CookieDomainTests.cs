using G4F.Backend.Credentials;

namespace G4F.Backend.Core.Tests.Credentials;

public sealed class CookieDomainTests
{
    [Theory]
    [InlineData(".example.com", "example.com", true)]
    [InlineData(".example.com", "chat.example.com", true)]
    [InlineData(".example.com", "a.b.EXAMPLE.com", true)]
    [InlineData(".example.com", "badexample.com", false)]
    [InlineData(".example.com", "example.com.evil.test", false)]
    [InlineData("example.com", "example.com", true)]
    [InlineData("example.com", "chat.example.com", false)]
    [InlineData("chat.example.com", "example.com", false)]
    [InlineData("127.0.0.1", "127.0.0.1", true)]
    [InlineData(".example.com", "example.com.", true)]
    public void Domain_cookies_cover_subdomains_and_host_cookies_only_their_host(string domain, string host, bool expected) =>
        CookieDomain.Matches(domain, host).Should().Be(expected);

    [Theory]
    [InlineData("https://chat.example.com/v1/chat", true)]
    [InlineData("http://chat.example.com/v1/chat", false)]
    [InlineData("https://chat.example.com/v10", false)]
    [InlineData("https://chat.example.com/v1", true)]
    public void Secure_cookies_need_https_and_paths_match_at_segment_boundaries(string url, bool expected) =>
        new StoredCookie(".example.com", "n", "v", "/v1", Secure: true, Expires: null).AppliesTo(new Uri(url), DateTimeOffset.UnixEpoch).Should().Be(expected);

    [Fact]
    public void An_expired_cookie_does_not_apply()
    {
        var expires = new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var cookie = new StoredCookie("example.com", "n", "v", "/", Secure: false, expires);

        cookie.AppliesTo(new Uri("http://example.com/"), expires.AddSeconds(-1)).Should().BeTrue();
        cookie.AppliesTo(new Uri("http://example.com/"), expires).Should().BeFalse();
    }
}
