using System.Net;

namespace G4F.Backend.AspNetCore.Tests.Identity;

/// <summary>With <c>UseCallerIdentity</c>, only a share's creator posts new versions or deletes it; its link stays open.</summary>
public sealed class ShareOwnershipTests : TwoUserTests
{
    private const string ShareId = "7c2d9e41-3b6a-4d8f-a1e0-9f8b7c6d5e43";
    private const string Chat = "/backend-api/v2/chat/" + ShareId;
    private const string AliceChat = """{"updated":1755780000000,"title":"chat of alice","items":[]}""";

    [Fact]
    public async Task Only_the_creator_posts_new_versions_or_deletes_and_anyone_with_the_link_reads()
    {
        (await IdentityHost.SendAsync(Alice, HttpMethod.Post, Chat, IdentityHost.Json(AliceChat))).Status.Should().Be(HttpStatusCode.OK);

        (await IdentityHost.SendAsync(Bob, HttpMethod.Post, Chat, IdentityHost.Json("""{"updated":1755789999999,"title":"taken over"}""")))
            .Should().Be((HttpStatusCode.Forbidden, Denied));
        (await IdentityHost.SendAsync(Host.ClientFor(null), HttpMethod.Post, Chat, IdentityHost.Json("""{"updated":1755789999999}""")))
            .Status.Should().Be(HttpStatusCode.Unauthorized);
        // Stopping a share is deleting the bucket of its id: the same owner, the same refusal.
        (await IdentityHost.SendAsync(Bob, HttpMethod.Delete, "/backend-api/v2/files/" + ShareId)).Should().Be((HttpStatusCode.Forbidden, Denied));

        (await Bob.GetStringAsync(Chat)).Should().Be(AliceChat);
        (await Host.ClientFor(null).GetStringAsync(Chat)).Should().Be(AliceChat);

        var newer = """{"updated":1755780000001,"title":"chat of alice, edited","items":[]}""";
        (await IdentityHost.SendAsync(Alice, HttpMethod.Post, Chat, IdentityHost.Json(newer))).Status.Should().Be(HttpStatusCode.OK);
        (await Bob.GetStringAsync(Chat)).Should().Be(newer);

        (await IdentityHost.SendAsync(Alice, HttpMethod.Delete, "/backend-api/v2/files/" + ShareId)).Status.Should().Be(HttpStatusCode.OK);
        (await IdentityHost.SendAsync(Bob, HttpMethod.Get, Chat)).Status.Should().Be(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_share_and_a_bucket_of_one_id_have_one_owner()
    {
        (await IdentityHost.SendAsync(Alice, HttpMethod.Post, "/backend-api/v2/files/" + ShareId, IdentityHost.Upload("notes.txt", "notes"))).Status.Should().Be(HttpStatusCode.OK);

        (await IdentityHost.SendAsync(Bob, HttpMethod.Post, Chat, IdentityHost.Json("""{"updated":1}"""))).Should().Be((HttpStatusCode.Forbidden, Denied));
        (await IdentityHost.SendAsync(Alice, HttpMethod.Post, Chat, IdentityHost.Json(AliceChat))).Status.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_share_made_before_identity_was_configured_cannot_be_overwritten_by_a_user()
    {
        var folder = Path.Combine(Host.DataDirectory, "buckets", ShareId);
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "chat.json"), AliceChat);

        (await IdentityHost.SendAsync(Bob, HttpMethod.Post, Chat, IdentityHost.Json("""{"updated":1755789999999,"title":"taken over"}""")))
            .Should().Be((HttpStatusCode.Forbidden, Denied));
        (await Bob.GetStringAsync(Chat)).Should().Be(AliceChat);
    }
}
