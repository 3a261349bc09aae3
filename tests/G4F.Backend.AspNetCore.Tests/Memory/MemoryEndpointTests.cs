using System.Net;
using System.Text.Json;
using Newtonsoft.Json.Linq;
using Snapshooter.Xunit;

namespace G4F.Backend.AspNetCore.Tests.Memory;

/// <summary>The memory routes through the sample host: mem0's shapes, upserts, search, filters, deletes.</summary>
public sealed class MemoryEndpointTests
{
    private static async Task SeedAsync(MemoryClient memory)
    {
        await memory.PostOkAsync("/alice", MemoryClient.Conversation("c1", "I live in Berlin", "Noted."));
        memory.Time.Advance(TimeSpan.FromMinutes(1));
        await memory.PostOkAsync("/alice", """
            {"id":"c2","title":"Plants","items":[
              {"role":"user","content":[{"type":"text","text":"The rent in Berlin is high"},{"type":"image_url","image_url":{"url":"data:,"}}],"provider":{"name":"X"}},
              {"role":"assistant","content":"Consider Leipzig."},
              {"role":"user","content":[{"type":"image_url","image_url":{"url":"data:,"}}]}]}
            """);
        await memory.PostOkAsync("/bob", MemoryClient.Conversation("c1", "Bob lives in Leipzig, no rent"));
    }

    [Fact]
    public async Task Post_answers_the_number_of_items_stored()
    {
        await using var memory = new MemoryClient();

        var (status, body) = await memory.PostAsync("/alice", MemoryClient.Conversation("c1", "I live in Berlin", "Noted."));

        status.Should().Be(HttpStatusCode.OK);
        body.Should().Be("""{"count":2}""");
    }

    [Fact]
    public async Task List_answers_mem0s_page_shape_newest_first()
    {
        await using var memory = new MemoryClient();
        await SeedAsync(memory);

        var json = await memory.GetOkAsync("/alice?page_size=2");

        JToken.Parse(json).MatchSnapshot();
    }

    [Fact]
    public async Task Search_answers_the_best_matches_first_with_scores()
    {
        await using var memory = new MemoryClient();
        await SeedAsync(memory);

        var json = await memory.GetOkAsync("/alice?search=berlin%20rent");

        JToken.Parse(json).MatchSnapshot();
    }

    [Fact]
    public async Task Pages_link_to_their_neighbours_keeping_the_other_parameters()
    {
        await using var memory = new MemoryClient();
        await SeedAsync(memory);

        var second = JsonDocument.Parse(await memory.GetOkAsync("/alice?page=2&page_size=1&metadata=%7B%22role%22%3A%22user%22%7D")).RootElement;
        var last = JsonDocument.Parse(await memory.GetOkAsync("/alice?page=2&page_size=2")).RootElement;
        var beyond = JsonDocument.Parse(await memory.GetOkAsync("/alice?page=9&page_size=2")).RootElement;

        second.GetProperty("count").GetInt32().Should().Be(2);
        second.GetProperty("next").ValueKind.Should().Be(JsonValueKind.Null);
        second.GetProperty("previous").GetString().Should().Be("/backend-api/v2/memory/alice?metadata=%7B%22role%22%3A%22user%22%7D&page=1&page_size=1");
        second.GetProperty("results")[0].GetProperty("memory").GetString().Should().Be("I live in Berlin");
        last.GetProperty("next").ValueKind.Should().Be(JsonValueKind.Null);
        last.GetProperty("results").GetArrayLength().Should().Be(2);
        beyond.GetProperty("results").GetArrayLength().Should().Be(0);
        beyond.GetProperty("previous").GetString().Should().Be("/backend-api/v2/memory/alice?page=2&page_size=2");
    }

    [Fact]
    public async Task Posting_the_same_conversation_again_does_not_duplicate_and_keeps_ids()
    {
        await using var memory = new MemoryClient();
        await SeedAsync(memory);
        var before = await memory.GetOkAsync("/alice");
        memory.Time.Advance(TimeSpan.FromHours(1));

        await memory.PostOkAsync("/alice", MemoryClient.Conversation("c1", "I live in Berlin", "Noted."));

        (await memory.GetOkAsync("/alice")).Should().Be(before);
    }

    [Fact]
    public async Task Filters_and_metadata_select_by_conversation_role_and_creation_time()
    {
        await using var memory = new MemoryClient();
        await SeedAsync(memory);

        async Task<string[]> Memories(string query)
        {
            var json = await memory.GetOkAsync("/alice?" + query);
            var root = JsonDocument.Parse(json).RootElement;
            var results = root.ValueKind == JsonValueKind.Array ? root : root.GetProperty("results");
            return [.. results.EnumerateArray().Select(r => r.GetProperty("memory").GetString()!)];
        }

        (await Memories("filters=" + Uri.EscapeDataString("""{"conversation_id":"c1"}"""))).Should().Equal("Noted.", "I live in Berlin");
        (await Memories("metadata=" + Uri.EscapeDataString("""{"role":"assistant"}"""))).Should().Equal("Consider Leipzig.", "Noted.");
        (await Memories("filters=" + Uri.EscapeDataString("""{"AND":[{"user_id":"alice"},{"created_at":{"gte":"2026-08-21T10:00:30Z"}}]}"""))).Should().Equal("Consider Leipzig.", "The rent in Berlin is high");
        (await Memories("filters=" + Uri.EscapeDataString("""{"created_at":{"lte":1787306400}}"""))).Should().Equal("Noted.", "I live in Berlin");
        (await Memories("search=berlin&filters=" + Uri.EscapeDataString("""{"conversation_id":{"in":["c2"]}}"""))).Should().Equal("The rent in Berlin is high");
        (await Memories("search=berlin&metadata=" + Uri.EscapeDataString("""{"conversation_id":"nope"}"""))).Should().BeEmpty();
    }

    [Fact]
    public async Task Prefix_and_phrase_searches_over_http()
    {
        await using var memory = new MemoryClient();
        await SeedAsync(memory);

        (await memory.GetOkAsync("/alice?search=Leip*")).Should().Contain("Consider Leipzig.");
        (await memory.GetOkAsync("/alice?search=" + Uri.EscapeDataString("\"in Berlin\""))).Should().Contain("I live in Berlin").And.Contain("The rent in Berlin is high").And.NotContain("Leipzig");
        (await memory.GetOkAsync("/alice?search=nothing-like-it")).Should().Be("[]");
    }

    [Fact]
    public async Task An_empty_search_is_the_list()
    {
        await using var memory = new MemoryClient();
        await SeedAsync(memory);

        (await memory.GetOkAsync("/alice?search=")).Should().Be(await memory.GetOkAsync("/alice"));
    }

    [Fact]
    public async Task Delete_one_memory_then_again_is_404()
    {
        await using var memory = new MemoryClient();
        await SeedAsync(memory);
        var id = JsonDocument.Parse(await memory.GetOkAsync("/alice")).RootElement.GetProperty("results")[0].GetProperty("id").GetString();

        var first = await memory.SendAsync(HttpMethod.Delete, $"/alice/{id}");
        var second = await memory.SendAsync(HttpMethod.Delete, $"/alice/{id}");
        var otherUser = await memory.SendAsync(HttpMethod.Delete, $"/bob/{id}");

        first.Should().Be((HttpStatusCode.OK, """{"deleted":1}"""));
        second.Should().Be((HttpStatusCode.NotFound, """{"error":{"message":"Memory not found"}}"""));
        otherUser.Status.Should().Be(HttpStatusCode.NotFound);
        JsonDocument.Parse(await memory.GetOkAsync("/alice")).RootElement.GetProperty("count").GetInt32().Should().Be(3);
    }

    [Fact]
    public async Task Delete_all_of_a_users_memories_leaves_the_others()
    {
        await using var memory = new MemoryClient();
        await SeedAsync(memory);

        (await memory.SendAsync(HttpMethod.Delete, "/alice")).Should().Be((HttpStatusCode.OK, """{"deleted":4}"""));
        (await memory.SendAsync(HttpMethod.Delete, "/alice")).Should().Be((HttpStatusCode.OK, """{"deleted":0}"""));
        (await memory.GetOkAsync("/alice")).Should().Be("""{"count":0,"next":null,"previous":null,"results":[]}""");
        JsonDocument.Parse(await memory.GetOkAsync("/bob")).RootElement.GetProperty("count").GetInt32().Should().Be(1);
    }

    [Fact]
    public async Task User_ids_are_free_strings_and_their_links_are_escaped()
    {
        await using var memory = new MemoryClient();
        var user = Uri.EscapeDataString("Ünïcode user & co?");
        await memory.PostOkAsync($"/{user}", MemoryClient.Conversation("c1", "one", "two"));

        var page = JsonDocument.Parse(await memory.GetOkAsync($"/{user}?page_size=1")).RootElement;

        page.GetProperty("results")[0].GetProperty("user_id").GetString().Should().Be("Ünïcode user & co?");
        // '&' may stand unescaped in a path (RFC 3986 sub-delims); '?' may not.
        page.GetProperty("next").GetString().Should().Be("/backend-api/v2/memory/%C3%9Cn%C3%AFcode%20user%20&%20co%3F?page=2&page_size=1");
        (await memory.GetOkAsync($"/{new string('u', 200)}")).Should().Contain("\"count\":0");
        Directory.GetFiles(memory.DataDirectory, "*", SearchOption.AllDirectories).Select(Path.GetFileName)
            .Should().OnlyContain(name => name!.StartsWith("memory.db", StringComparison.Ordinal));
    }
}
