using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace G4F.Backend.AspNetCore.Tests.Identity;

/// <summary>With <c>UseCallerIdentity</c>, only a bucket's creator uploads into it or deletes it; anyone with the id reads it.</summary>
public sealed class BucketOwnershipTests : TwoUserTests
{
    private const string BucketId = "5b0c7e9a-1f0e-4c55-9a0b-3e1d2c4f6a88";
    private const string Files = "/backend-api/v2/files/" + BucketId;

    private string BucketFolder => Path.Combine(Host.DataDirectory, "buckets", BucketId);

    [Fact]
    public async Task Only_the_creator_uploads_into_or_deletes_a_bucket_and_anyone_reads_it()
    {
        (await IdentityHost.SendAsync(Alice, HttpMethod.Post, Files, IdentityHost.Upload("notes.txt", "alice's notes"))).Status.Should().Be(HttpStatusCode.OK);

        (await IdentityHost.SendAsync(Bob, HttpMethod.Post, Files, IdentityHost.Upload("notes.txt", "bob was here"))).Should().Be((HttpStatusCode.Forbidden, Denied));
        (await IdentityHost.SendAsync(Bob, HttpMethod.Delete, Files)).Should().Be((HttpStatusCode.Forbidden, Denied));
        (await IdentityHost.SendAsync(Host.ClientFor(null), HttpMethod.Delete, Files)).Status.Should().Be(HttpStatusCode.Unauthorized);
        (await IdentityHost.SendAsync(Host.ClientFor(null), HttpMethod.Post, Files, IdentityHost.Upload("x.txt", "x"))).Status.Should().Be(HttpStatusCode.Unauthorized);

        // Reading by id stays open, to other users and anonymous callers alike, and shows alice's text only.
        var expected = "<!-- File: notes.txt.md -->\nalice's notes\n<-- End -->\n\n";
        (await Bob.GetStringAsync(Files + "?delete_files=")).Should().Be(expected);
        (await Host.ClientFor(null).GetStringAsync(Files + "?delete_files=")).Should().Be(expected);

        (await IdentityHost.SendAsync(Alice, HttpMethod.Post, Files, IdentityHost.Upload("more.txt", "more"))).Status.Should().Be(HttpStatusCode.OK);
        (await IdentityHost.SendAsync(Alice, HttpMethod.Delete, Files)).Should().Be((HttpStatusCode.OK, """{"message":"Bucket deleted successfully"}"""));
        Directory.Exists(BucketFolder).Should().BeFalse();

        // Deleted, the id stays alice's (a tombstone): bob may not create it, alice may.
        (await IdentityHost.SendAsync(Bob, HttpMethod.Post, Files, IdentityHost.Upload("bob.txt", "bob's"))).Should().Be((HttpStatusCode.Forbidden, Denied));
        File.ReadAllText(Path.Combine(Host.DataDirectory, "owners", BucketId + ".json")).Should().Be("""{"owner":"alice"}""");
        (await IdentityHost.SendAsync(Alice, HttpMethod.Post, Files, IdentityHost.Upload("again.txt", "again"))).Status.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task The_owner_record_lives_outside_the_bucket_where_no_route_reaches_it()
    {
        (await IdentityHost.SendAsync(Alice, HttpMethod.Post, Files, IdentityHost.Upload("notes.txt", "alice's notes"))).Status.Should().Be(HttpStatusCode.OK);

        Directory.EnumerateFileSystemEntries(BucketFolder, "*", SearchOption.AllDirectories).Select(Path.GetFileName)
            .Should().NotContain(name => name!.Contains("owner", StringComparison.OrdinalIgnoreCase));
        File.ReadAllText(Path.Combine(Host.DataDirectory, "owners", BucketId + ".json")).Should().Be("""{"owner":"alice"}""");
    }

    [Fact]
    public async Task A_bucket_made_before_identity_was_configured_is_nobodys_to_take_over_and_an_administrators_to_remove()
    {
        // Written by the anonymous backend of yesterday: a folder without an owner record.
        Directory.CreateDirectory(BucketFolder);
        File.WriteAllText(Path.Combine(BucketFolder, "old.md"), "old");
        File.WriteAllText(Path.Combine(BucketFolder, "documents.txt"), "old.md\n");

        (await IdentityHost.SendAsync(Alice, HttpMethod.Post, Files, IdentityHost.Upload("mine.txt", "mine now?"))).Should().Be((HttpStatusCode.Forbidden, Denied));
        (await IdentityHost.SendAsync(Bob, HttpMethod.Delete, Files)).Should().Be((HttpStatusCode.Forbidden, Denied));
        (await Alice.GetStringAsync(Files + "?delete_files=")).Should().Be("<!-- File: old.md -->\nold\n<-- End -->\n\n");
        File.Exists(Path.Combine(Host.DataDirectory, "owners", BucketId + ".json")).Should().BeFalse("a refused writer claims nothing");

        (await IdentityHost.SendAsync(Host.ClientFor("root", admin: true), HttpMethod.Delete, Files)).Status.Should().Be(HttpStatusCode.OK);
        Directory.Exists(BucketFolder).Should().BeFalse();
    }

    [Fact]
    public async Task Only_the_owners_or_an_administrators_read_runs_the_downloads_and_clears_the_lists()
    {
        Host.Upstream.RawResponses["/page.json"] = """{"text":"a page"}""";
        var downloads = $$"""[{"url":"{{Host.Upstream.BaseUrl}}/page.json"}]""";
        var fileList = Path.Combine(BucketFolder, "files.txt");
        var downloadList = Path.Combine(BucketFolder, "downloads.json");
        (await IdentityHost.SendAsync(Alice, HttpMethod.Post, Files, WithDownloads("alice's notes", downloads))).Status.Should().Be(HttpStatusCode.OK);

        // Others read the text as with delete_files=, and spend none of the owner's downloads.
        (await Bob.GetStringAsync(Files)).Should().Contain("alice's notes");
        (await Host.ClientFor(null).GetStringAsync(Files + "/stream")).Should().Contain("\"action\":\"done\"").And.NotContain("download").And.NotContain("delete_files");
        File.Exists(fileList).Should().BeTrue();
        File.Exists(downloadList).Should().BeTrue();
        Host.Upstream.Requests.Should().NotContain(r => r.Path == "/page.json");

        (await Alice.GetStringAsync(Files)).Should().Contain("alice's notes");
        Host.Upstream.Requests.Should().Contain(r => r.Path == "/page.json");
        File.Exists(fileList).Should().BeFalse();
        File.Exists(downloadList).Should().BeFalse();

        (await IdentityHost.SendAsync(Alice, HttpMethod.Post, Files, WithDownloads("more", downloads))).Status.Should().Be(HttpStatusCode.OK);
        (await Host.ClientFor("root", admin: true).GetStringAsync(Files)).Should().Contain("more");
        File.Exists(fileList).Should().BeFalse("an administrator's read is the owner's read");
        File.Exists(downloadList).Should().BeFalse();
    }

    private static MultipartFormDataContent WithDownloads(string text, string downloads)
    {
        var form = IdentityHost.Upload("notes.txt", text);
        var list = new ByteArrayContent(Encoding.UTF8.GetBytes(downloads));
        list.Headers.ContentType = MediaTypeHeaderValue.Parse("application/json");
        form.Add(list, "files", "downloads.json");
        return form;
    }
}
