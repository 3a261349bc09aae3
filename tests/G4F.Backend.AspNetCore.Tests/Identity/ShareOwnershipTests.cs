using System.Net;

namespace G4F.Backend.AspNetCore.Tests.Identity;

/// <summary>With <c>UseCallerIdentity</c>, only a share's creator posts new versions or deletes it; its link stays open.</summary>
public sealed class ShareOwnershipTests : IAsyncLifetime
{
    private const string ShareId = "7c2d9e41-3b6a-4d8f-a1e0-9f8b7c6d5e43";
    private const string Chat = "/backend-api/v2/chat/" + ShareId;
    private const string Denied = """{"error":{"message":"Access denied: this belongs to another user"}}""";
    private const string AliceChat = """{"updated":1755780000000,"title":"chat of alice","items":[]}""";

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

    [Fact]
    public async Task Only_the_creator_posts_new_versions_or_deletes_and_anyone_with_the_link_reads()
    {
        (await IdentityHost.SendAsync(_alice, HttpMethod.Post, Chat, IdentityHost.Json(AliceChat))).Status.Should().Be(HttpStatusCode.OK);

        (await IdentityHost.SendAsync(_bob, HttpMethod.Post, Chat, IdentityHost.Json("""{"updated":1755789999999,"title":"taken over"}""")))
            .Should().Be((HttpStatusCode.Forbidden, Denied));
        (await IdentityHost.SendAsync(_host.ClientFor(null), HttpMethod.Post, Chat, IdentityHost.Json("""{"updated":1755789999999}""")))
            .Status.Should().Be(HttpStatusCode.Unauthorized);
        // Stopping a share is deleting the bucket of its id: the same owner, the same refusal.
        (await IdentityHost.SendAsync(_bob, HttpMethod.Delete, "/backend-api/v2/files/" + ShareId)).Should().Be((HttpStatusCode.Forbidden, Denied));

        (await _bob.GetStringAsync(Chat)).Should().Be(AliceChat);
        (await _host.ClientFor(null).GetStringAsync(Chat)).Should().Be(AliceChat);

        var newer = """{"updated":1755780000001,"title":"chat of alice, edited","items":[]}""";
        (await IdentityHost.SendAsync(_alice, HttpMethod.Post, Chat, IdentityHost.Json(newer))).Status.Should().Be(HttpStatusCode.OK);
        (await _bob.GetStringAsync(Chat)).Should().Be(newer);

        (await IdentityHost.SendAsync(_alice, HttpMethod.Delete, "/backend-api/v2/files/" + ShareId)).Status.Should().Be(HttpStatusCode.OK);
        (await IdentityHost.SendAsync(_bob, HttpMethod.Get, Chat)).Status.Should().Be(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_share_and_a_bucket_of_one_id_have_one_owner()
    {
        (await IdentityHost.SendAsync(_alice, HttpMethod.Post, "/backend-api/v2/files/" + ShareId, IdentityHost.Upload("notes.txt", "notes"))).Status.Should().Be(HttpStatusCode.OK);

        (await IdentityHost.SendAsync(_bob, HttpMethod.Post, Chat, IdentityHost.Json("""{"updated":1}"""))).Should().Be((HttpStatusCode.Forbidden, Denied));
        (await IdentityHost.SendAsync(_alice, HttpMethod.Post, Chat, IdentityHost.Json(AliceChat))).Status.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_share_made_before_identity_was_configured_cannot_be_overwritten_by_a_user()
    {
        var folder = Path.Combine(_host.DataDirectory, "buckets", ShareId);
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "chat.json"), AliceChat);

        (await IdentityHost.SendAsync(_bob, HttpMethod.Post, Chat, IdentityHost.Json("""{"updated":1755789999999,"title":"taken over"}""")))
            .Should().Be((HttpStatusCode.Forbidden, Denied));
        (await _bob.GetStringAsync(Chat)).Should().Be(AliceChat);
    }
}
