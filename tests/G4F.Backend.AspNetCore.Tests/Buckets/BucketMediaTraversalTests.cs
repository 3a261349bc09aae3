using System.Net;
using G4F.Backend.AspNetCore.Tests.Infrastructure;

namespace G4F.Backend.AspNetCore.Tests.Buckets;

/// <summary>No spelling of a path on the bucket media route serves anything outside the bucket's media folders.</summary>
public sealed class BucketMediaTraversalTests
{
    private const string Secret = "TOP SECRET: outside every bucket";

    [Theory]
    [InlineData("/files/b/media/..%2F..%2F..%2Fsecret.png")]
    [InlineData("/files/b/media/..%2F..%2Fsecret.png")]
    [InlineData("/files/b/media/%2e%2e%2f%2e%2e%2fsecret.png")]
    [InlineData("/files/b/media/%252e%252e%252f%252e%252e%252fsecret.png")]
    [InlineData("/files/b/media/..%5C..%5C..%5Csecret.png")]
    [InlineData("/files/b/media/..\\..\\..\\secret.png")]
    [InlineData("/files/b/media/%2Ftmp%2Fsecret.png")]
    [InlineData("/files/b/media/{abs}")]
    [InlineData("/files/..%2F..%2F/media/secret.png")]
    [InlineData("/files/%2e%2e/media/secret.png")]
    [InlineData("/files/%252e%252e/media/secret.png")]
    [InlineData("/files/b/media/../../../secret.png")]
    [InlineData("/files/b/thumbnail/..%2F..%2Fother%2Fmedia%2Fsecret.png")]
    [InlineData("/files/b/media/secret.png%2500.png")]
    public async Task Traversal_attempts_never_serve_a_file_outside_the_bucket(string path)
    {
        await using var factory = new BackendFactory(new Dictionary<string, string?>());
        var client = factory.CreateClient();
        Directory.CreateDirectory(Path.Combine(factory.DataDirectory, "buckets", "b", "media"));
        Directory.CreateDirectory(Path.Combine(factory.DataDirectory, "buckets", "other", "media"));
        var planted = new[]
        {
            Path.Combine(factory.DataDirectory, "secret.png"),
            Path.Combine(factory.DataDirectory, "buckets", "secret.png"),
            Path.Combine(factory.DataDirectory, "buckets", "b", "secret.png"),
            Path.Combine(factory.DataDirectory, "buckets", "other", "media", "secret.png"),
        };
        foreach (var file in planted)
        {
            File.WriteAllText(file, Secret);
        }

        var url = path.Replace("{abs}", Uri.EscapeDataString(planted[0]), StringComparison.Ordinal);
        using var response = await client.GetAsync(url);
        var body = await response.Content.ReadAsStringAsync();

        body.Should().NotContain("TOP SECRET");
        response.StatusCode.Should().BeOneOf(HttpStatusCode.BadRequest, HttpStatusCode.NotFound);
        response.Headers.Location.Should().BeNull();
    }
}
