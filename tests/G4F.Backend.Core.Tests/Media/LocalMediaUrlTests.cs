using G4F.Backend.Media;

namespace G4F.Backend.Core.Tests.Media;

/// <summary>A URL of this server's media folder: its name, and the <c>?url=</c> whose copy may stand in for a missing file.</summary>
public sealed class LocalMediaUrlTests
{
    [Theory]
    [InlineData("/media/1755780000_cat_0011223344556677.png", "media", "")]
    [InlineData("/g4f/thumbnail/1755780000_cat_0011223344556677.png?url=https%3A//img.example.com/a.png", "thumbnail", "https://img.example.com/a.png")]
    [InlineData("http://localhost/images/1755780000_cat_0011223344556677.png?size=2&url=https%3A%2F%2Fimg.example.com%2Fa%20b.png#top", "images", "https://img.example.com/a b.png")]
    [InlineData("/media/1755780000_cat_0011223344556677.png#url=https%3A//img.example.com/a.png", "media", "")]
    public void Parses_the_name_and_the_fallback_url(string url, string kind, string fallback)
    {
        LocalMediaUrl.TryParse(url, "http://localhost", out var file).Should().BeTrue();

        file.Should().Be(new LocalMediaUrl(kind, "1755780000_cat_0011223344556677.png", fallback));
    }
}
