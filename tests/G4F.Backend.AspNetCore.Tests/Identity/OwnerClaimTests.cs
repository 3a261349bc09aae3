using System.Net;
using System.Text;

namespace G4F.Backend.AspNetCore.Tests.Identity;

/// <summary>
/// An id becomes its creator's in the step that writes its folder: a refused or broken request claims nothing, and a
/// write whose body was still arriving when the id changed hands is decided again at its commit.
/// </summary>
public sealed class OwnerClaimTests : TwoUserTests
{
    private const string Id = "0d6f3a52-8c1b-4e97-b2a4-6f5e4d3c2b1a";
    private const string Files = "/backend-api/v2/files/" + Id;
    private const string Chat = "/backend-api/v2/chat/" + Id;

    private string Record => Path.Combine(Host.DataDirectory, "owners", Id + ".json");

    private string Folder => Path.Combine(Host.DataDirectory, "buckets", Id);

    [Fact]
    public async Task Refused_or_broken_uploads_and_share_posts_claim_no_id()
    {
        var notMultipart = new StringContent("hello", Encoding.UTF8, "text/plain");
        (await IdentityHost.SendAsync(Bob, HttpMethod.Post, Files, notMultipart)).Status.Should().Be(HttpStatusCode.UnsupportedMediaType);
        var broken = new StringContent("--b\r\nContent-Disposition: form-data; name=\"files\"; filename=\"a.txt\"\r\n\r\nno end", Encoding.UTF8);
        broken.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse("multipart/form-data; boundary=b");
        (await IdentityHost.SendAsync(Bob, HttpMethod.Post, Files, broken)).Status.Should().Be(HttpStatusCode.BadRequest);
        (await IdentityHost.SendAsync(Bob, HttpMethod.Post, Chat, IdentityHost.Json("{not json"))).Status.Should().Be(HttpStatusCode.BadRequest);
        (await IdentityHost.SendAsync(Bob, HttpMethod.Post, Chat, IdentityHost.Json("[1,2]"))).Status.Should().Be(HttpStatusCode.BadRequest);

        File.Exists(Record).Should().BeFalse("none of these requests wrote anything");
        Directory.Exists(Folder).Should().BeFalse();
        (await IdentityHost.SendAsync(Alice, HttpMethod.Post, Files, IdentityHost.Upload("notes.txt", "alice's"))).Status.Should().Be(HttpStatusCode.OK);
        File.ReadAllText(Record).Should().Be("""{"owner":"alice"}""");
    }

    [Fact]
    public async Task A_share_post_still_arriving_when_another_user_creates_the_id_is_refused_and_writes_nothing()
    {
        var release = new TaskCompletionSource();
        var bob = IdentityHost.SendHeldAsync(Bob, Chat, IdentityHost.Json("""{"updated":2,"title":"bob's"}"""), "bob-share", release.Task);
        await Host.BodyReadStarted("bob-share");

        (await IdentityHost.SendAsync(Alice, HttpMethod.Post, Files, IdentityHost.Upload("notes.txt", "alice's"))).Status.Should().Be(HttpStatusCode.OK);
        release.SetResult();

        (await bob).Should().Be((HttpStatusCode.Forbidden, Denied));
        File.Exists(Path.Combine(Folder, "chat.json")).Should().BeFalse();
        File.ReadAllText(Record).Should().Be("""{"owner":"alice"}""");
    }

    [Fact]
    public async Task An_upload_still_arriving_when_another_user_creates_the_id_is_refused_and_writes_nothing()
    {
        var release = new TaskCompletionSource();
        var bob = IdentityHost.SendHeldAsync(Bob, Files, IdentityHost.Upload("bob.txt", "bob's"), "bob-upload", release.Task);
        await Host.BodyReadStarted("bob-upload");

        (await IdentityHost.SendAsync(Alice, HttpMethod.Post, Chat, IdentityHost.Json("""{"updated":1,"title":"alice's"}"""))).Status.Should().Be(HttpStatusCode.OK);
        release.SetResult();

        (await bob).Should().Be((HttpStatusCode.Forbidden, Denied));
        Directory.EnumerateFiles(Folder, "*", SearchOption.AllDirectories).Select(Path.GetFileName).Should().Equal("chat.json");
        File.ReadAllText(Record).Should().Be("""{"owner":"alice"}""");
    }

    [Fact]
    public async Task A_share_post_arriving_while_its_owner_deletes_the_bucket_keeps_the_id_its_owners()
    {
        (await IdentityHost.SendAsync(Alice, HttpMethod.Post, Chat, IdentityHost.Json("""{"updated":1,"title":"first"}"""))).Status.Should().Be(HttpStatusCode.OK);
        var release = new TaskCompletionSource();
        var late = IdentityHost.SendHeldAsync(Alice, Chat, IdentityHost.Json("""{"updated":2,"title":"second"}"""), "alice-share", release.Task);
        await Host.BodyReadStarted("alice-share");

        (await IdentityHost.SendAsync(Alice, HttpMethod.Delete, Files)).Status.Should().Be(HttpStatusCode.OK);
        release.SetResult();

        // Her own late post brings the share back; it is still hers to stop, and nobody else's to take.
        (await late).Status.Should().Be(HttpStatusCode.OK);
        File.ReadAllText(Record).Should().Be("""{"owner":"alice"}""");
        (await IdentityHost.SendAsync(Bob, HttpMethod.Post, Chat, IdentityHost.Json("""{"updated":3}"""))).Should().Be((HttpStatusCode.Forbidden, Denied));
        (await IdentityHost.SendAsync(Alice, HttpMethod.Delete, Files)).Status.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_deleted_id_stays_its_owners_and_only_she_or_an_administrator_recreates_it()
    {
        (await IdentityHost.SendAsync(Alice, HttpMethod.Post, Chat, IdentityHost.Json("""{"updated":1,"title":"shared by alice"}"""))).Status.Should().Be(HttpStatusCode.OK);
        (await IdentityHost.SendAsync(Alice, HttpMethod.Delete, Files)).Status.Should().Be(HttpStatusCode.OK);

        // The old public link must never start showing another user's chat.
        (await IdentityHost.SendAsync(Bob, HttpMethod.Post, Chat, IdentityHost.Json("""{"updated":2,"title":"bob's now"}"""))).Should().Be((HttpStatusCode.Forbidden, Denied));
        (await IdentityHost.SendAsync(Bob, HttpMethod.Post, Files, IdentityHost.Upload("bob.txt", "bob's"))).Should().Be((HttpStatusCode.Forbidden, Denied));
        (await IdentityHost.SendAsync(Bob, HttpMethod.Delete, Files)).Should().Be((HttpStatusCode.Forbidden, Denied));
        (await IdentityHost.SendAsync(Bob, HttpMethod.Get, Chat)).Status.Should().Be(HttpStatusCode.NotFound);

        (await IdentityHost.SendAsync(Alice, HttpMethod.Post, Chat, IdentityHost.Json("""{"updated":3,"title":"alice again"}"""))).Status.Should().Be(HttpStatusCode.OK);
        (await IdentityHost.SendAsync(Alice, HttpMethod.Delete, Files)).Status.Should().Be(HttpStatusCode.OK);

        // An administrator may recreate it, and then it is the administrator's.
        var root = Host.ClientFor("root", admin: true);
        (await IdentityHost.SendAsync(root, HttpMethod.Post, Chat, IdentityHost.Json("""{"updated":4,"title":"notice"}"""))).Status.Should().Be(HttpStatusCode.OK);
        File.ReadAllText(Record).Should().Be("""{"owner":"root"}""");
        (await IdentityHost.SendAsync(Alice, HttpMethod.Post, Chat, IdentityHost.Json("""{"updated":5}"""))).Should().Be((HttpStatusCode.Forbidden, Denied));
    }

    [Fact]
    public async Task An_administrators_failed_upload_into_a_deleted_bucket_takes_nothing_over()
    {
        (await IdentityHost.SendAsync(Alice, HttpMethod.Post, Chat, IdentityHost.Json("""{"updated":1,"title":"shared by alice"}"""))).Status.Should().Be(HttpStatusCode.OK);
        (await IdentityHost.SendAsync(Alice, HttpMethod.Delete, Files)).Status.Should().Be(HttpStatusCode.OK);

        // The bucket's folder cannot be created (a file stands in its place, as a full or broken disk would fail it):
        // the administrator's takeover stores nothing, so the tombstone must stay alice's.
        File.WriteAllText(Folder, "in the way");
        var root = Host.ClientFor("root", admin: true);
        (await IdentityHost.SendAsync(root, HttpMethod.Post, Files, IdentityHost.Upload("notice.txt", "notice"))).Status.Should().Be(HttpStatusCode.InternalServerError);
        File.Delete(Folder);

        File.ReadAllText(Record).Should().Be("""{"owner":"alice"}""");
        (await IdentityHost.SendAsync(Bob, HttpMethod.Post, Files, IdentityHost.Upload("bob.txt", "bob's"))).Should().Be((HttpStatusCode.Forbidden, Denied));

        // A takeover that stores its files does make the id the administrator's.
        (await IdentityHost.SendAsync(root, HttpMethod.Post, Files, IdentityHost.Upload("notice.txt", "notice"))).Status.Should().Be(HttpStatusCode.OK);
        File.ReadAllText(Record).Should().Be("""{"owner":"root"}""");
        (await IdentityHost.SendAsync(Alice, HttpMethod.Post, Files, IdentityHost.Upload("again.txt", "again"))).Should().Be((HttpStatusCode.Forbidden, Denied));
    }
}
