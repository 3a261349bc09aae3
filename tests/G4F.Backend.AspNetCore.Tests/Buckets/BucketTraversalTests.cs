using System.Net;
using G4F.Backend.AspNetCore.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;
using static G4F.Backend.AspNetCore.Tests.Buckets.BucketUploads;

namespace G4F.Backend.AspNetCore.Tests.Buckets;

/// <summary>
/// Hostile bucket ids and file names (PROTOCOL 14.1, 1.6): every write lands under <c>buckets/</c> of the data
/// directory, nothing outside it is written or deleted, and an id that sanitises to nothing is refused.
/// </summary>
public sealed class BucketTraversalTests
{
    private static readonly string Marker = $"evil-{Guid.NewGuid():N}";

    /// <summary>
    /// Route values exactly as the handler receives them (the server decoded the path once; Kestrel keeps <c>%2F</c>),
    /// and whether they sanitise to a usable id. HttpClient would normalise most of them away before sending.
    /// </summary>
    public static TheoryData<string, bool> HostileIds => new()
    {
        { "..", false }, { ".", false }, { "%2e%2e", false }, { "%2e%2e%2f%2e%2e", false }, { "_", false }, { "---", false },
        { "\u2024\u2024", false }, { "%2Fetc%2Fpasswd", true }, { "..\\..\\x", true }, { "a%00b", true }, { "a\0b", true },
        { new string('b', 300), true }, { "..\uFF0F..\uFF0Fx", true }, { "..%2F..%2F" + Marker, true }, { "%252e%252e%252f" + Marker, true },
    };

    [Theory]
    [MemberData(nameof(HostileIds))]
    public async Task A_hostile_bucket_id_never_leaves_the_buckets(string bucketId, bool usable)
    {
        await using var factory = new BackendFactory(new Dictionary<string, string?>());
        factory.CreateClient();
        var sentinel = CreateSentinel(factory);
        var expected = usable ? StatusCodes.Status200OK : StatusCodes.Status400BadRequest;

        var upload = await SendRawAsync(factory, HttpMethods.Post, bucketId, Text("a.txt", "alpha"));
        var bucketsAfterUpload = Walk(Path.Combine(factory.DataDirectory, "buckets"));
        var read = await SendRawAsync(factory, HttpMethods.Get, bucketId);
        var deleted = await SendRawAsync(factory, HttpMethods.Delete, bucketId);

        (upload, read, deleted).Should().Be((expected, expected, expected));
        bucketsAfterUpload.Should().HaveCount(usable ? 4 : 0, "a usable id makes one bucket with its document and two lists");
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

    // Sets the request path directly, so the route value is exactly the hostile id (no client-side normalisation).
    private static async Task<int> SendRawAsync(BackendFactory factory, string method, string bucketId, (string Name, string ContentType, byte[] Bytes)? file = null)
    {
        var body = new MemoryStream();
        string? contentType = null;
        if (file is { } part)
        {
            using var form = new MultipartFormDataContent("raw-boundary");
            var content = new ByteArrayContent(part.Bytes);
            content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(part.ContentType);
            form.Add(content, "files", part.Name);
            await form.CopyToAsync(body);
            body.Position = 0;
            contentType = form.Headers.ContentType!.ToString();
        }

        var context = await factory.Server.SendAsync(c =>
        {
            c.Request.Method = method;
            c.Request.Path = new PathString("/backend-api/v2/files/" + bucketId);
            c.Request.ContentType = contentType;
            c.Request.Body = body;
            c.Request.ContentLength = body.Length;
        });
        return context.Response.StatusCode;
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
