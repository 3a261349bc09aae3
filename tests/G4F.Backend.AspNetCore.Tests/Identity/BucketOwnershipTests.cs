using System.Net;

namespace G4F.Backend.AspNetCore.Tests.Identity;

/// <summary>With <c>UseCallerIdentity</c>, only a bucket's creator uploads into it or deletes it; anyone with the id reads it.</summary>
public sealed class BucketOwnershipTests : IAsyncLifetime
{
    private const string BucketId = "5b0c7e9a-1f0e-4c55-9a0b-3e1d2c4f6a88";
    private const string Files = "/backend-api/v2/files/" + BucketId;
    private const string Denied = """{"error":{"message":"Access denied: this belongs to another user"}}""";

    private IdentityHost _host = null!;
    private HttpClient _alice = null!;
    private HttpClient _bob = null!;

    public async Task InitializeAsync()
    {
        _host = await IdentityHost.StartAsync();
        _alice = _host.ClientFor("alice");
        _bob = _host.ClientFor("bob");
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private string BucketFolder => Path.Combine(_host.DataDirectory, "buckets", BucketId);

    [Fact]
    public async Task Only_the_creator_uploads_into_or_deletes_a_bucket_and_anyone_reads_it()
    {
        (await IdentityHost.SendAsync(_alice, HttpMethod.Post, Files, IdentityHost.Upload("notes.txt", "alice's notes"))).Status.Should().Be(HttpStatusCode.OK);

        (await IdentityHost.SendAsync(_bob, HttpMethod.Post, Files, IdentityHost.Upload("notes.txt", "bob was here"))).Should().Be((HttpStatusCode.Forbidden, Denied));
        (await IdentityHost.SendAsync(_bob, HttpMethod.Delete, Files)).Should().Be((HttpStatusCode.Forbidden, Denied));
        (await IdentityHost.SendAsync(_host.ClientFor(null), HttpMethod.Delete, Files)).Status.Should().Be(HttpStatusCode.Unauthorized);
        (await IdentityHost.SendAsync(_host.ClientFor(null), HttpMethod.Post, Files, IdentityHost.Upload("x.txt", "x"))).Status.Should().Be(HttpStatusCode.Unauthorized);

        // Reading by id stays open, to other users and anonymous callers alike, and shows alice's text only.
        var expected = "<!-- File: notes.txt.md -->\nalice's notes\n<-- End -->\n\n";
        (await _bob.GetStringAsync(Files + "?delete_files=")).Should().Be(expected);
        (await _host.ClientFor(null).GetStringAsync(Files + "?delete_files=")).Should().Be(expected);

        (await IdentityHost.SendAsync(_alice, HttpMethod.Post, Files, IdentityHost.Upload("more.txt", "more"))).Status.Should().Be(HttpStatusCode.OK);
        (await IdentityHost.SendAsync(_alice, HttpMethod.Delete, Files)).Should().Be((HttpStatusCode.OK, """{"message":"Bucket deleted successfully"}"""));
        Directory.Exists(BucketFolder).Should().BeFalse();

        // Deleted, the id is free again: bob may create it, and now it is his.
        (await IdentityHost.SendAsync(_bob, HttpMethod.Post, Files, IdentityHost.Upload("bob.txt", "bob's"))).Status.Should().Be(HttpStatusCode.OK);
        (await IdentityHost.SendAsync(_alice, HttpMethod.Delete, Files)).Should().Be((HttpStatusCode.Forbidden, Denied));
    }

    [Fact]
    public async Task The_owner_record_lives_outside_the_bucket_where_no_route_reaches_it()
    {
        (await IdentityHost.SendAsync(_alice, HttpMethod.Post, Files, IdentityHost.Upload("notes.txt", "alice's notes"))).Status.Should().Be(HttpStatusCode.OK);

        Directory.EnumerateFileSystemEntries(BucketFolder, "*", SearchOption.AllDirectories).Select(Path.GetFileName)
            .Should().NotContain(name => name!.Contains("owner", StringComparison.OrdinalIgnoreCase));
        File.ReadAllText(Path.Combine(_host.DataDirectory, "owners", BucketId + ".json")).Should().Be("""{"owner":"alice"}""");
    }

    [Fact]
    public async Task A_bucket_made_before_identity_was_configured_is_nobodys_to_take_over_and_an_administrators_to_remove()
    {
        // Written by the anonymous backend of yesterday: a folder without an owner record.
        Directory.CreateDirectory(BucketFolder);
        File.WriteAllText(Path.Combine(BucketFolder, "old.md"), "old");
        File.WriteAllText(Path.Combine(BucketFolder, "documents.txt"), "old.md\n");

        (await IdentityHost.SendAsync(_alice, HttpMethod.Post, Files, IdentityHost.Upload("mine.txt", "mine now?"))).Should().Be((HttpStatusCode.Forbidden, Denied));
        (await IdentityHost.SendAsync(_bob, HttpMethod.Delete, Files)).Should().Be((HttpStatusCode.Forbidden, Denied));
        (await _alice.GetStringAsync(Files + "?delete_files=")).Should().Be("<!-- File: old.md -->\nold\n<-- End -->\n\n");
        File.Exists(Path.Combine(_host.DataDirectory, "owners", BucketId + ".json")).Should().BeFalse("a refused writer claims nothing");

        (await IdentityHost.SendAsync(_host.ClientFor("root", admin: true), HttpMethod.Delete, Files)).Status.Should().Be(HttpStatusCode.OK);
        Directory.Exists(BucketFolder).Should().BeFalse();
    }
}
