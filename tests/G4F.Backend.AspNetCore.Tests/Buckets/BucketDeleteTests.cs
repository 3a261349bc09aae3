using System.Net;
using G4F.Backend.AspNetCore.Tests.Infrastructure;

namespace G4F.Backend.AspNetCore.Tests.Buckets;

/// <summary><c>DELETE /files/{bucket_id}</c>: how the client stops sharing a chat, and the original's worst hole (14.1).</summary>
public sealed class BucketDeleteTests
{
    private const string ShareId = "0b6f1d2e-8a7c-4f59-9d61-5a0f3c2b1e77";

    [Fact]
    public async Task Deleting_the_bucket_removes_the_shared_chat_of_the_same_id()
    {
        await using var factory = new BackendFactory(new Dictionary<string, string?>());
        var client = factory.CreateClient();
        using var chat = new StringContent("""{"id":"c","updated":5,"items":[]}""", System.Text.Encoding.UTF8, "application/json");
        (await client.PostAsync($"/backend-api/v2/chat/{ShareId}", chat)).StatusCode.Should().Be(HttpStatusCode.OK);

        using var deleted = await client.DeleteAsync($"/backend-api/v2/files/{ShareId}");

        deleted.StatusCode.Should().Be(HttpStatusCode.OK);
        (await deleted.Content.ReadAsStringAsync()).Should().Be("""{"message":"Bucket deleted successfully"}""");
        (await client.GetAsync($"/backend-api/v2/chat/{ShareId}")).StatusCode.Should().Be(HttpStatusCode.NotFound);
        using var again = await client.DeleteAsync($"/backend-api/v2/files/{ShareId}");
        again.StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await again.Content.ReadAsStringAsync()).Should().Be("""{"error":{"message":"Bucket directory not found"}}""");
    }

    [Theory]
    [InlineData("_", HttpStatusCode.BadRequest)]
    [InlineData("---", HttpStatusCode.BadRequest)]
    [InlineData("%252e%252e", HttpStatusCode.BadRequest)]
    [InlineData("..", HttpStatusCode.NotFound)] // the client collapses the dot segment: the path is /backend-api/v2/
    [InlineData("%2e%2e", HttpStatusCode.NotFound)]
    public async Task An_id_that_sanitises_to_nothing_deletes_nothing(string bucketId, HttpStatusCode status)
    {
        await using var factory = new BackendFactory(new Dictionary<string, string?>());
        var client = factory.CreateClient();
        using var chat = new StringContent("""{"id":"c","updated":5,"items":[]}""", System.Text.Encoding.UTF8, "application/json");
        await client.PostAsync($"/backend-api/v2/chat/{ShareId}", chat);
        var before = Directory.GetFileSystemEntries(factory.DataDirectory, "*", SearchOption.AllDirectories).Order().ToArray();

        using var response = await client.DeleteAsync($"/backend-api/v2/files/{bucketId}");

        response.StatusCode.Should().Be(status);
        if (status == HttpStatusCode.BadRequest)
        {
            (await response.Content.ReadAsStringAsync()).Should().Be("""{"error":{"message":"Invalid bucket id"}}""");
        }

        Directory.GetFileSystemEntries(factory.DataDirectory, "*", SearchOption.AllDirectories).Order().Should().Equal(before);
    }

    [Fact]
    public async Task A_traversal_id_is_sanitised_into_a_bucket_name_and_never_leaves_the_buckets()
    {
        await using var factory = new BackendFactory(new Dictionary<string, string?>());
        var client = factory.CreateClient();
        using var chat = new StringContent("""{"id":"c","updated":5,"items":[]}""", System.Text.Encoding.UTF8, "application/json");
        await client.PostAsync($"/backend-api/v2/chat/{ShareId}", chat);
        var outside = Path.Combine(factory.DataDirectory, "usage");
        Directory.CreateDirectory(outside);

        using var response = await client.DeleteAsync("/backend-api/v2/files/..%2F..%2Fusage");

        response.StatusCode.Should().Be(HttpStatusCode.NotFound, "'../../usage' sanitises to the bucket name 'usage', which does not exist");
        Directory.Exists(outside).Should().BeTrue();
        (await client.GetAsync($"/backend-api/v2/chat/{ShareId}")).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Deletes_racing_chat_writes_never_fail_either_side()
    {
        await using var factory = new BackendFactory(new Dictionary<string, string?>());
        var client = factory.CreateClient();
        var padding = new string('x', 200_000);

        var writes = Enumerable.Range(1, 60).Select(async i =>
        {
            using var chat = new StringContent($$"""{"id":"c","updated":{{i}},"pad":"{{padding}}","items":[]}""", System.Text.Encoding.UTF8, "application/json");
            using var response = await client.PostAsync($"/backend-api/v2/chat/{ShareId}", chat);
            return response.StatusCode;
        });
        var deletes = Enumerable.Range(0, 30).Select(async _ =>
        {
            using var response = await client.DeleteAsync($"/backend-api/v2/files/{ShareId}");
            return response.StatusCode;
        });

        var statuses = await Task.WhenAll(writes.Concat(deletes));

        statuses.Should().OnlyContain(s => s == HttpStatusCode.OK || s == HttpStatusCode.NotFound);
        var folder = Path.Combine(factory.DataDirectory, "buckets", ShareId);
        if (Directory.Exists(folder))
        {
            Directory.GetFiles(folder).Select(Path.GetFileName).Should().Equal("chat.json");
        }
    }
}
