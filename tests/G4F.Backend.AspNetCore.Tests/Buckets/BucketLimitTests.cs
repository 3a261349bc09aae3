using System.Net;
using G4F.Backend.AspNetCore.Tests.Infrastructure;
using static G4F.Backend.AspNetCore.Tests.Buckets.BucketUploads;

namespace G4F.Backend.AspNetCore.Tests.Buckets;

/// <summary>The upload limits (PROTOCOL 14.8): 413 in the envelope, and nothing of the refused request left behind.</summary>
public sealed class BucketLimitTests
{
    public static TheoryData<string, string, int, string> Limits => new()
    {
        { "MaxFileBytes", "1000", 1, "A file may be at most 1000 bytes" },
        { "MaxRequestBytes", "2500", 3, "An upload may be at most 2500 bytes" },
        { "MaxBucketBytes", "2500", 3, "A bucket may hold at most 2500 bytes" },
        { "MaxFilesPerRequest", "2", 3, "An upload may hold at most 2 files" },
    };

    [Theory]
    [MemberData(nameof(Limits))]
    public async Task Going_over_a_limit_is_413_and_leaves_nothing(string key, string value, int files, string message)
    {
        await using var factory = new BackendFactory(new Dictionary<string, string?> { [$"G4F:Buckets:{key}"] = value }, AddTestConverters);
        var client = factory.CreateClient();
        var before = Snapshot(factory.DataDirectory);

        var parts = Enumerable.Range(0, files).Select(i => ($"part{i}.txt", "text/plain", Enumerable.Repeat((byte)'a', files == 1 ? 1001 : 900).ToArray())).ToArray();
        using var response = await client.UploadAsync(BucketId, parts);

        response.StatusCode.Should().Be(HttpStatusCode.RequestEntityTooLarge);
        (await response.Content.ReadAsStringAsync()).Should().Be($$$"""{"error":{"message":"{{{message}}}"}}""");
        Snapshot(factory.DataDirectory).Except(before).Should().OnlyContain(path => path == ".staging", "only the empty staging root may remain");
        Directory.EnumerateFileSystemEntries(Path.Combine(factory.DataDirectory, ".staging")).Should().BeEmpty();
    }

    [Fact]
    public async Task The_bucket_limit_counts_what_the_bucket_already_holds()
    {
        await using var factory = new BackendFactory(new Dictionary<string, string?> { ["G4F:Buckets:MaxBucketBytes"] = "1500" });
        var client = factory.CreateClient();
        await client.UploadJsonAsync(BucketId, Text("first.txt", new string('a', 800)));

        using var response = await client.UploadAsync(BucketId, Text("second.txt", new string('b', 800)));

        response.StatusCode.Should().Be(HttpStatusCode.RequestEntityTooLarge);
        (await client.ReadTextAsync(BucketId)).Should().Contain("first.txt.md").And.NotContain("second.txt");
    }

    [Fact]
    public async Task Kestrel_accepts_an_upload_over_its_30_MB_default_within_the_configured_limits()
    {
        await using var factory = new BackendFactory(new Dictionary<string, string?>());
        factory.UseKestrel(0);
        var client = factory.CreateClient();
        var big = new byte[33 * 1024 * 1024];
        big.AsSpan().Fill((byte)'x');

        var body = await client.UploadJsonAsync(BucketId, ("big.md", "text/markdown", big));

        body.Should().Contain("\"files\":[\"big.md\"]");
        new FileInfo(Path.Combine(factory.DataDirectory, "buckets", BucketId, "big.md")).Length.Should().Be(big.Length);
    }

    [Fact]
    public async Task Kestrel_refuses_a_body_over_the_configured_request_limit_with_413()
    {
        await using var factory = new BackendFactory(new Dictionary<string, string?> { ["G4F:Buckets:MaxRequestBytes"] = "1000" });
        factory.UseKestrel(0);
        var client = factory.CreateClient();

        using var response = await client.UploadAsync(BucketId, ("big.md", "text/markdown", new byte[3 * 1024 * 1024]));

        response.StatusCode.Should().Be(HttpStatusCode.RequestEntityTooLarge);
        Directory.Exists(Path.Combine(factory.DataDirectory, "buckets", BucketId)).Should().BeFalse();
    }

    private static string[] Snapshot(string root) =>
        Directory.Exists(root)
            ? [.. Directory.GetFileSystemEntries(root, "*", SearchOption.AllDirectories).Select(p => Path.GetRelativePath(root, p)).Order()]
            : [];
}
