using System.Net;
using G4F.Backend.AspNetCore.Tests.Infrastructure;
using static G4F.Backend.AspNetCore.Tests.Buckets.BucketUploads;

namespace G4F.Backend.AspNetCore.Tests.Buckets;

/// <summary>
/// Hostile bucket ids and file names (PROTOCOL 14.1, 1.6): every write lands under <c>buckets/</c> of the data
/// directory, nothing outside it is written or deleted, and an id that sanitises to nothing is refused.
/// </summary>
public sealed class BucketTraversalTests
{
    private static readonly string Marker = $"evil-{Guid.NewGuid():N}";

    public static TheoryData<string> HostileIds => new()
    {
        "..", "%2e%2e", "%252e%252e", "%2Fetc%2Fpasswd", "..%5C..%5Cx", "a%2500b", new string('b', 300),
        "%E2%80%A4%E2%80%A4", "..%EF%BC%8F..%EF%BC%8Fx", "_", "---", "..%2F..%2F" + Marker,
    };

    [Theory]
    [MemberData(nameof(HostileIds))]
    public async Task A_hostile_bucket_id_never_leaves_the_buckets(string bucketId)
    {
        await using var factory = new BackendFactory(new Dictionary<string, string?>());
        var client = factory.CreateClient();
        var sentinel = CreateSentinel(factory);

        using var upload = await client.UploadAsync(bucketId, Text("a.txt", "alpha"));
        using var read = await client.GetAsync($"/backend-api/v2/files/{bucketId}?delete_files=1");
        using var deleted = await client.DeleteAsync($"/backend-api/v2/files/{bucketId}");

        upload.StatusCode.Should().BeOneOf(HttpStatusCode.OK, HttpStatusCode.BadRequest, HttpStatusCode.NotFound, HttpStatusCode.MethodNotAllowed);
        AssertContained(factory, sentinel);
    }

    [Fact]
    public async Task Hostile_file_names_are_sanitised_into_the_bucket()
    {
        await using var factory = new BackendFactory(new Dictionary<string, string?>());
        var client = factory.CreateClient();
        var sentinel = CreateSentinel(factory);
        string[] names =
        [
            $"../../{Marker}.txt", $"..\\..\\{Marker}.txt", "/etc/passwd", $"%2e%2e%2f{Marker}.txt", $"%252e%252e%252f{Marker}.txt",
            $"\u2024\u2024/{Marker}.txt", $"..\uFF0F..\uFF0F{Marker}.txt", new string('n', 300) + ".txt", "../../files.txt", "../chat.json",
            "../../media/../x.png",
        ];

        var body = await client.UploadJsonAsync(BucketId, [.. names.Select(n => Text(n, "hostile"))]);

        body.Should().NotContain("/").And.NotContain("\\").And.NotContain("\"..").And.Contain("etc_passwd.md");
        AssertContained(factory, sentinel);
        var bucket = Path.Combine(factory.DataDirectory, "buckets", BucketId);
        Directory.GetFiles(bucket).Select(Path.GetFileName).Should().OnlyContain(n => !n!.StartsWith('.') && n.Length < 110);
        (await client.ReadTextAsync(BucketId)).Should().Contain("hostile");
    }

    [Fact]
    public async Task Deleting_bucket_underscore_deletes_nothing()
    {
        await using var factory = new BackendFactory(new Dictionary<string, string?>());
        var client = factory.CreateClient();
        await client.UploadJsonAsync(BucketId, Text("a.txt", "alpha"));
        var before = Walk(factory.DataDirectory);

        using var response = await client.DeleteAsync("/backend-api/v2/files/_");

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        Walk(factory.DataDirectory).Should().Equal(before);
    }

    private static string CreateSentinel(BackendFactory factory)
    {
        // A folder next to the data directory, with a file: anything escaping the data directory would hit or create siblings.
        var outside = factory.DataDirectory + "-outside";
        Directory.CreateDirectory(outside);
        File.WriteAllText(Path.Combine(outside, "sentinel.txt"), "keep me");
        Directory.CreateDirectory(factory.DataDirectory);
        return outside;
    }

    private static void AssertContained(BackendFactory factory, string outside)
    {
        try
        {
            Walk(outside).Should().Equal("sentinel.txt");
            File.ReadAllText(Path.Combine(outside, "sentinel.txt")).Should().Be("keep me");
            var parent = Path.GetDirectoryName(factory.DataDirectory)!;
            Directory.EnumerateFileSystemEntries(parent, $"*{Marker}*", SearchOption.AllDirectories)
                .Where(p => !p.StartsWith(factory.DataDirectory + Path.DirectorySeparatorChar, StringComparison.Ordinal)).Should().BeEmpty();
            Directory.EnumerateFileSystemEntries(Path.GetDirectoryName(parent)!, $"*{Marker}*").Should().BeEmpty();
            Walk(factory.DataDirectory).Where(p => !p.StartsWith("buckets", StringComparison.Ordinal) && !p.StartsWith(".staging", StringComparison.Ordinal)).Should().BeEmpty();
            Walk(factory.DataDirectory).Where(p => p.StartsWith(".staging" + Path.DirectorySeparatorChar, StringComparison.Ordinal)).Should().BeEmpty();
        }
        finally
        {
            Directory.Delete(outside, recursive: true);
        }
    }

    private static string[] Walk(string root) =>
        Directory.Exists(root)
            ? [.. Directory.GetFileSystemEntries(root, "*", SearchOption.AllDirectories).Select(p => Path.GetRelativePath(root, p)).Order(StringComparer.Ordinal)]
            : [];
}
