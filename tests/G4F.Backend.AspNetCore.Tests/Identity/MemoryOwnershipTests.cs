using System.Net;
using System.Text.Json;

namespace G4F.Backend.AspNetCore.Tests.Identity;

/// <summary>With <c>UseCallerIdentity</c>, a user's memory answers only to that user.</summary>
public sealed class MemoryOwnershipTests : TwoUserTests
{
    private const string Memory = "/backend-api/v2/memory/";
    private const string Conversation = """{"id":"c1","items":[{"role":"user","content":"I keep bees"},{"role":"assistant","content":"Nice"}]}""";

    [Fact]
    public async Task Each_user_reads_writes_and_deletes_their_own_memory()
    {
        (await IdentityHost.SendAsync(Alice, HttpMethod.Post, Memory + "alice", IdentityHost.Json(Conversation))).Should().Be((HttpStatusCode.OK, """{"count":2}"""));
        (await IdentityHost.SendAsync(Bob, HttpMethod.Post, Memory + "bob", IdentityHost.Json(Conversation))).Status.Should().Be(HttpStatusCode.OK);

        var (status, body) = await IdentityHost.SendAsync(Alice, HttpMethod.Get, Memory + "alice?search=bees");
        status.Should().Be(HttpStatusCode.OK);
        var found = JsonDocument.Parse(body).RootElement;
        found.GetArrayLength().Should().Be(1);
        found[0].GetProperty("user_id").GetString().Should().Be("alice");

        var id = found[0].GetProperty("id").GetString();
        (await IdentityHost.SendAsync(Alice, HttpMethod.Delete, $"{Memory}alice/{id}")).Should().Be((HttpStatusCode.OK, """{"deleted":1}"""));
        (await IdentityHost.SendAsync(Alice, HttpMethod.Delete, Memory + "alice")).Should().Be((HttpStatusCode.OK, """{"deleted":1}"""));
        (await IdentityHost.SendAsync(Bob, HttpMethod.Delete, Memory + "bob")).Should().Be((HttpStatusCode.OK, """{"deleted":2}"""));
    }

    [Fact]
    public async Task Another_users_memory_is_403_for_every_method_and_stays_untouched()
    {
        (await IdentityHost.SendAsync(Alice, HttpMethod.Post, Memory + "alice", IdentityHost.Json(Conversation))).Status.Should().Be(HttpStatusCode.OK);
        var list = (await IdentityHost.SendAsync(Alice, HttpMethod.Get, Memory + "alice")).Body;
        var itemId = JsonDocument.Parse(list).RootElement.GetProperty("results")[0].GetProperty("id").GetString();
        var denied = (HttpStatusCode.Forbidden, Denied);

        (await IdentityHost.SendAsync(Bob, HttpMethod.Get, Memory + "alice")).Should().Be(denied);
        (await IdentityHost.SendAsync(Bob, HttpMethod.Get, Memory + "alice?search=bees")).Should().Be(denied);
        (await IdentityHost.SendAsync(Bob, HttpMethod.Post, Memory + "alice", IdentityHost.Json("""{"id":"c1","items":[]}"""))).Should().Be(denied);
        (await IdentityHost.SendAsync(Bob, HttpMethod.Delete, $"{Memory}alice/{itemId}")).Should().Be(denied);
        (await IdentityHost.SendAsync(Bob, HttpMethod.Delete, Memory + "alice")).Should().Be(denied);
        // An administrator too: the usage is the administrator's to see, a user's memory is not.
        (await IdentityHost.SendAsync(Host.ClientFor("root", admin: true), HttpMethod.Get, Memory + "alice")).Should().Be(denied);

        (await IdentityHost.SendAsync(Alice, HttpMethod.Get, Memory + "alice")).Body.Should().Be(list);
    }

    [Fact]
    public async Task An_anonymous_caller_gets_401_and_learns_nothing()
    {
        var anonymous = Host.ClientFor(null);
        var unauthorized = (HttpStatusCode.Unauthorized, """{"error":{"message":"Authentication required"}}""");

        (await IdentityHost.SendAsync(anonymous, HttpMethod.Get, Memory + "alice")).Should().Be(unauthorized);
        (await IdentityHost.SendAsync(anonymous, HttpMethod.Post, Memory + "alice", IdentityHost.Json(Conversation))).Should().Be(unauthorized);
        (await IdentityHost.SendAsync(anonymous, HttpMethod.Delete, Memory + "alice")).Should().Be(unauthorized);
        (await IdentityHost.SendAsync(anonymous, HttpMethod.Delete, Memory + "alice/x")).Should().Be(unauthorized);
        // "unknown" is the usage log's name for lines without a user, never a caller.
        (await IdentityHost.SendAsync(Host.ClientFor("unknown"), HttpMethod.Get, Memory + "unknown")).Should().Be(unauthorized);
    }
}
