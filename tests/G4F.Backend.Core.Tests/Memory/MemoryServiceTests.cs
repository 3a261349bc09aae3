using System.Text.Json.Nodes;
using G4F.Backend.Identity;
using G4F.Backend.Memory;
using G4F.Backend.Requests;
using Microsoft.Extensions.DependencyInjection;

namespace G4F.Backend.Core.Tests.Memory;

/// <summary>
/// A host without ASP.NET Core (a worker, a console) drives memory through Core's public <see cref="MemoryService"/> alone:
/// the ownership and id checks live in each of its methods, with the refusals the HTTP routes answer with.
/// </summary>
public sealed class MemoryServiceTests : IDisposable
{
    private static readonly CallerIdentity Alice = new("alice");
    private static readonly CallerIdentity Bob = new("bob");
    private static readonly RequestRefusal Denied = new(RefusalKind.Forbidden, "Access denied: this belongs to another user");
    private static readonly RequestRefusal Unauthenticated = new(RefusalKind.Unauthenticated, "Authentication required");

    private readonly string _root = Directory.CreateTempSubdirectory("g4f-memory-service-").FullName;
    private readonly ServiceProvider _services;

    public MemoryServiceTests()
    {
        _services = new ServiceCollection()
            .AddG4FBackend(o => o.DataDirectory = Path.Combine(_root, "data"))
            .Services.BuildServiceProvider();
    }

    private MemoryService Memory => _services.GetRequiredService<MemoryService>();

    public void Dispose()
    {
        _services.Dispose();
        Directory.Delete(_root, recursive: true);
    }

    [Fact]
    public async Task Another_user_is_refused_by_every_method_and_the_memory_stays_untouched()
    {
        (await Memory.AddConversationAsync("alice", Alice, Conversation())).Value.Should().Be(2);
        var itemId = (await (await Memory.ListAsync("alice", Alice, null, null, 1, 10)).Value!.Items.FirstAsync()).Id;

        (await Memory.AddConversationAsync("alice", Bob, Conversation())).Refusal.Should().Be(Denied);
        (await Memory.ListAsync("alice", Bob, null, null, 1, 10)).Refusal.Should().Be(Denied);
        (await Memory.SearchAsync("alice", Bob, "bees", null, null, 10)).Refusal.Should().Be(Denied);
        (await Memory.DeleteAsync("alice", Bob, itemId)).Should().Be(Denied);
        (await Memory.DeleteAllAsync("alice", Bob)).Refusal.Should().Be(Denied);

        (await Memory.ListAsync("alice", Alice, null, null, 1, 10)).Value!.TotalCount.Should().Be(2, "nothing the refused calls asked for happened");
    }

    [Fact]
    public async Task An_anonymous_caller_is_refused_before_the_id_or_the_body_is_looked_at()
    {
        var invalidId = new string('u', 201);

        (await Memory.AddConversationAsync(invalidId, CallerIdentity.Anonymous, new JsonObject())).Refusal.Should().Be(Unauthenticated);
        (await Memory.ListAsync("alice", CallerIdentity.Anonymous, "not json", null, 1, 10)).Refusal.Should().Be(Unauthenticated);
        (await Memory.SearchAsync("alice", CallerIdentity.Anonymous, "bees", null, null, 10)).Refusal.Should().Be(Unauthenticated);
        (await Memory.DeleteAsync("alice", CallerIdentity.Anonymous, "m1")).Should().Be(Unauthenticated);
        (await Memory.DeleteAllAsync("alice", CallerIdentity.Anonymous)).Refusal.Should().Be(Unauthenticated);
    }

    [Fact]
    public async Task The_owner_searches_and_deletes_one_item_then_all()
    {
        await Memory.AddConversationAsync("alice", Alice, Conversation());

        var found = await (await Memory.SearchAsync("alice", Alice, "bees", null, null, 10)).Value!.ToListAsync();
        found.Should().ContainSingle().Which.Item.Content.Should().Be("I keep bees");

        (await Memory.DeleteAsync("alice", Alice, found[0].Item.Id)).Should().BeNull();
        (await Memory.DeleteAsync("alice", Alice, found[0].Item.Id)).Should().Be(new RequestRefusal(RefusalKind.NotFound, "Memory not found"));
        (await Memory.DeleteAllAsync("alice", Alice)).Value.Should().Be(1);
    }

    [Fact]
    public async Task Without_identity_an_invalid_user_id_is_refused_by_every_method()
    {
        var invalid = new RequestRefusal(RefusalKind.InvalidRequest, "Invalid user id: 1 to 200 characters, not blank");

        (await Memory.AddConversationAsync("  ", null, Conversation())).Refusal.Should().Be(invalid);
        (await Memory.ListAsync("  ", null, null, null, 1, 10)).Refusal.Should().Be(invalid);
        (await Memory.SearchAsync("  ", null, "bees", null, null, 10)).Refusal.Should().Be(invalid);
        (await Memory.DeleteAsync("  ", null, "m1")).Should().Be(invalid);
        (await Memory.DeleteAllAsync("  ", null)).Refusal.Should().Be(invalid);
    }

    private static JsonObject Conversation() =>
        JsonNode.Parse("""{"id":"c1","items":[{"role":"user","content":"I keep bees"},{"role":"assistant","content":"Nice"}]}""")!.AsObject();
}
