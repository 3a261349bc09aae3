using System.Net;
using System.Text.Json;

namespace G4F.Backend.AspNetCore.Tests.Memory;

/// <summary>Every refusal of the memory routes is a status with the JSON envelope.</summary>
public sealed class MemoryErrorTests
{
    private static string Envelope(string message) => JsonSerializer.Serialize(new { error = new { message } });

    [Theory]
    [InlineData("{not json", "Invalid JSON data")]
    [InlineData("", "Invalid JSON data")]
    [InlineData("[1,2]", "Invalid JSON data")]
    [InlineData("\"text\"", "Invalid JSON data")]
    [InlineData("{}", "id must be a conversation id of 1 to 200 characters")]
    [InlineData("""{"id":"","items":[]}""", "id must be a conversation id of 1 to 200 characters")]
    [InlineData("""{"id":42,"items":[]}""", "id must be a conversation id of 1 to 200 characters")]
    [InlineData("""{"id":"c1"}""", "items must be an array")]
    [InlineData("""{"id":"c1","items":{"role":"user"}}""", "items must be an array")]
    [InlineData("""{"id":"c1","items":["hello"]}""", "items[0] must be an object")]
    [InlineData("""{"id":"c1","items":[{"role":"user","content":"ok"},{"role":"user","content":7}]}""", "items[1].content must be a string or an array of parts")]
    [InlineData("""{"id":"c1","items":[{"content":{"text":"x"}}]}""", "items[0].content must be a string or an array of parts")]
    public async Task Bad_bodies_are_400(string body, string message)
    {
        await using var memory = new MemoryClient();

        var response = await memory.PostAsync("/alice", body);

        response.Should().Be((HttpStatusCode.BadRequest, Envelope(message)));
    }

    [Fact]
    public async Task A_conversation_id_over_200_characters_is_400()
    {
        await using var memory = new MemoryClient();

        var (status, _) = await memory.PostAsync("/alice", MemoryClient.Conversation(new string('c', 201), "x"));

        status.Should().Be(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task A_body_declared_as_something_else_than_json_is_415()
    {
        await using var memory = new MemoryClient();

        var response = await memory.SendAsync(HttpMethod.Post, "/alice", MemoryClient.Json(MemoryClient.Conversation("c1", "x"), "text/plain"));

        response.Should().Be((HttpStatusCode.UnsupportedMediaType, Envelope("Content-Type must be application/json")));
    }

    [Fact]
    public async Task A_body_over_the_memory_limit_is_413_and_stores_nothing()
    {
        await using var memory = new MemoryClient(("G4F:Memory:MaxBodyBytes", "100"));

        var response = await memory.PostAsync("/alice", MemoryClient.Conversation("c1", new string('x', 200)));

        response.Should().Be((HttpStatusCode.RequestEntityTooLarge, Envelope("Request body is larger than 100 bytes")));
        (await memory.GetOkAsync("/alice")).Should().Contain("\"count\":0");
    }

    [Theory]
    [InlineData("page=0")]
    [InlineData("page=-1")]
    [InlineData("page=abc")]
    [InlineData("page=")]
    [InlineData("page=1.5")]
    [InlineData("page=99999999999")]
    [InlineData("page=1&page=2")]
    [InlineData("page_size=0")]
    [InlineData("page_size=1001")]
    [InlineData("page_size=%2010")]
    [InlineData("search=x&page_size=1001")]
    public async Task Bad_page_values_are_400(string query)
    {
        await using var memory = new MemoryClient();

        var response = await memory.GetAsync("/alice?" + query);

        response.Should().Be((HttpStatusCode.BadRequest, Envelope("page must be an integer of at least 1 and page_size an integer from 1 to 1000")));
    }

    [Fact]
    public async Task The_largest_page_size_follows_the_configuration()
    {
        await using var memory = new MemoryClient(("G4F:Memory:MaxPageSize", "5"));

        (await memory.GetAsync("/alice?page_size=6")).Status.Should().Be(HttpStatusCode.BadRequest);
        (await memory.GetOkAsync("/alice?page_size=5")).Should().Contain("\"count\":0");
        (await memory.GetOkAsync("/alice")).Should().Contain("\"count\":0", "the default page size shrinks to the maximum");
    }

    [Theory]
    [InlineData("filters={", "filters is not valid JSON")]
    [InlineData("filters=[]", "filters must be a JSON object")]
    [InlineData("filters=%7B%22OR%22%3A%5B%5D%7D", "Unsupported filter 'OR' in filters (supported: AND, conversation_id, role, user_id, created_at, updated_at, metadata)")]
    [InlineData("filters=%7B%22user_id%22%3A%22bob%22%7D", "filters.user_id may only name the user of the path")]
    [InlineData("filters=%7B%22created_at%22%3A%7B%22gte%22%3A%22soon%22%7D%7D", "filters.created_at.gte must be an ISO 8601 date and time or Unix epoch seconds")]
    [InlineData("metadata=nope", "metadata is not valid JSON")]
    [InlineData("metadata=%7B%22topic%22%3A%22x%22%7D", "Unsupported metadata key 'topic' in metadata (supported: conversation_id, role)")]
    [InlineData("search=berlin&filters=%7B%22role%22%3A1%7D", "filters.role must be a string or an object with 'eq' or 'in'")]
    public async Task Malformed_or_unsupported_filters_are_400(string query, string message)
    {
        await using var memory = new MemoryClient();

        var response = await memory.GetAsync("/alice?" + query);

        response.Should().Be((HttpStatusCode.BadRequest, Envelope(message)));
    }

    [Theory]
    [InlineData("GET", "/%20")]
    [InlineData("POST", "/%20%20")]
    [InlineData("DELETE", "/%20")]
    [InlineData("GET", "/{201}")]
    [InlineData("POST", "/{201}")]
    [InlineData("DELETE", "/{201}")]
    [InlineData("DELETE", "/{201}/some-id")]
    public async Task Blank_or_overlong_user_ids_are_400(string method, string path)
    {
        await using var memory = new MemoryClient();

        var response = await memory.SendAsync(new HttpMethod(method), path.Replace("{201}", new string('u', 201), StringComparison.Ordinal), MemoryClient.Json(MemoryClient.Conversation("c1", "x")));

        response.Should().Be((HttpStatusCode.BadRequest, Envelope("Invalid user id: 1 to 200 characters, not blank")));
    }

    [Theory]
    [InlineData("PUT", "/alice", "GET, POST, DELETE")]
    [InlineData("PATCH", "/alice", "GET, POST, DELETE")]
    [InlineData("GET", "/alice/some-id", "DELETE")]
    [InlineData("POST", "/alice/some-id", "DELETE")]
    public async Task Wrong_methods_are_405_with_allow(string method, string path, string allow)
    {
        await using var memory = new MemoryClient();
        using var request = new HttpRequestMessage(new HttpMethod(method), MemoryClient.Path + path);

        using var response = await memory.Http.SendAsync(request);

        response.StatusCode.Should().Be(HttpStatusCode.MethodNotAllowed);
        response.Content.Headers.Allow.Should().Equal(allow.Split(", "));
        (await response.Content.ReadAsStringAsync()).Should().Be(Envelope($"Method {method} is not allowed on this route; use {allow}"));
    }

    [Theory]
    [InlineData("\") OR user_id:*")]
    [InlineData("*")]
    [InlineData("NEAR(")]
    [InlineData("\"")]
    [InlineData("bob")]
    public async Task Crafted_searches_and_filters_never_reach_another_users_items(string search)
    {
        await using var memory = new MemoryClient();
        await memory.PostOkAsync("/alice", MemoryClient.Conversation("c1", "alice likes NEAR user_id tea"));
        await memory.PostOkAsync("/bob", MemoryClient.Conversation("c1", "bob likes NEAR user_id tea, bob"));

        var found = await memory.GetOkAsync("/alice?search=" + Uri.EscapeDataString(search));
        var filtered = await memory.GetOkAsync("/alice?filters=" + Uri.EscapeDataString("""{"conversation_id":"c1","role":{"in":["user","assistant"]}}"""));
        var stranger = await memory.GetOkAsync("/mallory?search=" + Uri.EscapeDataString(search));

        found.Should().NotContain("bob");
        filtered.Should().NotContain("bob").And.Contain("alice likes");
        stranger.Should().Be("[]");
    }
}
