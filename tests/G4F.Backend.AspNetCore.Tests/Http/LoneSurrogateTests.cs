using System.Net;
using System.Text;
using G4F.Backend.AspNetCore.Tests.Infrastructure;

namespace G4F.Backend.AspNetCore.Tests.Http;

/// <summary>An escaped lone surrogate is valid JSON but no string: every JSON route answers 400, none 500.</summary>
public sealed class LoneSurrogateTests
{
    [Theory]
    [InlineData("/backend-api/v2/memory/u1", """{"id":"c1","items":[{"role":"user","content":"\ud800"}]}""")]
    [InlineData("/backend-api/v2/memory/u1", """{"id":"\udc00","items":[]}""")]
    [InlineData("/backend-api/v2/chat/abc", """{"updated":5,"title":"\ud800"}""")]
    [InlineData("/backend-api/v2/usage", """{"model":"\ud800"}""")]
    [InlineData("/backend-api/v2/conversation", """{"messages":[{"role":"user","content":"\ud800"}]}""")]
    public async Task A_body_with_a_lone_surrogate_is_400_json(string path, string body)
    {
        await using var factory = new BackendFactory(new Dictionary<string, string?>());
        using var content = new StringContent(body, Encoding.UTF8, "application/json");

        using var response = await factory.CreateClient().PostAsync(path, content);

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await response.Content.ReadAsStringAsync()).Should().Contain("\"error\":{\"message\":");
        Directory.Exists(Path.Combine(factory.DataDirectory, "buckets", "abc")).Should().BeFalse("a refused chat leaves no bucket folder");
    }

    [Theory]
    [InlineData("""{"role":"\ud800"}""")]
    [InlineData("""{"conversation_id":{"in":["\udc00"]}}""")]
    public async Task A_memory_filter_with_a_lone_surrogate_is_400_json(string filters)
    {
        await using var factory = new BackendFactory(new Dictionary<string, string?>());

        using var response = await factory.CreateClient().GetAsync($"/backend-api/v2/memory/u1?filters={Uri.EscapeDataString(filters)}");

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task A_memory_conversation_with_too_many_items_is_400()
    {
        await using var factory = new BackendFactory(new Dictionary<string, string?>());
        var items = string.Join(",", Enumerable.Repeat("""{"role":"user","content":"x"}""", 10_001));
        using var content = new StringContent($$"""{"id":"c1","items":[{{items}}]}""", Encoding.UTF8, "application/json");

        using var response = await factory.CreateClient().PostAsync("/backend-api/v2/memory/u1", content);

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await response.Content.ReadAsStringAsync()).Should().Contain("at most 10000 messages");
    }
}
