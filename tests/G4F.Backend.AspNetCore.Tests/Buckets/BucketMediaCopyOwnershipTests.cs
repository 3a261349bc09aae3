using System.Net;
using G4F.Backend.AspNetCore.Tests.Conversations;
using G4F.Backend.AspNetCore.Tests.Identity;
using G4F.Backend.Testing;

namespace G4F.Backend.AspNetCore.Tests.Buckets;

/// <summary>
/// A <c>?url=</c> copy of a bucket's missing media belongs to the URL it was fetched from, not to the bucket: whoever reads
/// someone else's bucket with a URL of his choosing changes nothing that bucket serves to anyone else (README, Security:
/// others' reads have no side effects), and the bucket's delete takes its copies with it.
/// </summary>
public sealed class BucketMediaCopyOwnershipTests : TwoUserTests
{
    private const string BucketId = "7a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d";
    private const string Files = "/backend-api/v2/files/" + BucketId;
    private const string Media = "/files/" + BucketId + "/media";
    private const string Ask = """{"provider":"Fake","messages":[{"role":"user","content":"What is this?"}]}""";

    // PNG magic bytes and a mark: media by sniffing, and recognisable wherever they end up.
    private static readonly byte[] Planted = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A, 6, 6, 6];
    private static readonly byte[] Genuine = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A, 1, 2, 3];

    [Fact]
    public async Task Another_users_url_fallback_never_decides_what_the_owners_bucket_serves()
    {
        await using var server = await Sources();
        await CreateAlicesBucketAsync();

        // Bob reads a media name alice's bucket does not hold, with a URL of his choosing: he gets that URL's bytes.
        using var planted = await Bob.GetAsync(MediaUrl(server, "/planted.png"));
        planted.StatusCode.Should().Be(HttpStatusCode.OK);
        (await planted.Content.ReadAsByteArrayAsync()).Should().Equal(Planted);

        // Nobody else gets them: not a plain read of the name, not a read naming another URL.
        using var plain = await Alice.GetAsync($"{Media}/photo.png");
        using var thumbnail = await Host.ClientFor(null).GetAsync($"/files/{BucketId}/thumbnail/photo.png");
        using var genuine = await Alice.GetAsync(MediaUrl(server, "/genuine.png"));
        using var again = await Alice.GetAsync(MediaUrl(server, "/planted.png"));

        plain.StatusCode.Should().Be(HttpStatusCode.NotFound, "a non-owner's read must not put content under alice's bucket");
        thumbnail.StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await genuine.Content.ReadAsByteArrayAsync()).Should().Equal(Genuine, "a copy only ever answers the URL it was fetched from");
        (await again.Content.ReadAsByteArrayAsync()).Should().Equal(Planted, "naming the same URL is asking for those bytes");
        server.Requests.Should().Equal(["/planted.png", "/genuine.png"], "the copy of a URL is kept and served again for that URL");
    }

    [Fact]
    public async Task A_turn_attaching_the_buckets_own_file_never_gets_a_copy_someone_else_fetched()
    {
        await using var server = await Sources();
        await CreateAlicesBucketAsync();
        using (var planted = await Bob.GetAsync(MediaUrl(server, "/planted.png")))
        {
            planted.StatusCode.Should().Be(HttpStatusCode.OK);
        }

        await Alice.ConverseFormAsync(Ask, mediaUrls: [$"{Media}/photo.png"]);

        var sent = Host.Upstream.Requests.Single(r => r.Path.EndsWith("/chat/completions", StringComparison.Ordinal)).JsonBody!.ToJsonString();
        sent.Should().NotContain(Convert.ToBase64String(Planted), "the bucket holds no photo.png: there is nothing of it to send");
    }

    [Fact]
    public async Task Deleting_a_bucket_deletes_its_copies_and_a_recreated_id_starts_without_them()
    {
        await using var server = await Sources();
        await CreateAlicesBucketAsync();
        using (var planted = await Host.ClientFor(null).GetAsync(MediaUrl(server, "/planted.png")))
        {
            planted.StatusCode.Should().Be(HttpStatusCode.OK, "even an anonymous caller's fallback is fetched and kept");
        }

        var copies = Path.Combine(Host.DataDirectory, ".fetched", "buckets", BucketId);
        Directory.GetFiles(copies).Should().ContainSingle("the copy is kept outside the bucket");

        (await IdentityHost.SendAsync(Alice, HttpMethod.Delete, Files)).Status.Should().Be(HttpStatusCode.OK);
        Directory.Exists(copies).Should().BeFalse("alice deleted her bucket with everything fetched for it");

        (await IdentityHost.SendAsync(Alice, HttpMethod.Post, Files, IdentityHost.Upload("fresh.txt", "a fresh start"))).Status.Should().Be(HttpStatusCode.OK);
        using var plain = await Alice.GetAsync($"{Media}/photo.png");
        using var refetched = await Alice.GetAsync(MediaUrl(server, "/planted.png"));

        plain.StatusCode.Should().Be(HttpStatusCode.NotFound);
        refetched.StatusCode.Should().Be(HttpStatusCode.OK);
        server.Requests.Should().Equal(["/planted.png", "/planted.png"], "the recreated bucket had no copy left to serve");
    }

    private static async Task<FakeFileServer> Sources()
    {
        var server = await FakeFileServer.StartAsync();
        server.MapFile("/planted.png", "image/png", Planted);
        server.MapFile("/genuine.png", "image/png", Genuine);
        return server;
    }

    private static string MediaUrl(FakeFileServer server, string path) => $"{Media}/photo.png?url={Uri.EscapeDataString(server.BaseUrl + path)}";

    private async Task CreateAlicesBucketAsync() =>
        (await IdentityHost.SendAsync(Alice, HttpMethod.Post, Files, IdentityHost.Upload("notes.txt", "alice's notes"))).Status.Should().Be(HttpStatusCode.OK);
}
