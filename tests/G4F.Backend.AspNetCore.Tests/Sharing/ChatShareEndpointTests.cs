using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using G4F.Backend.AspNetCore.Tests.Infrastructure;
using Snapshooter.Xunit;

namespace G4F.Backend.AspNetCore.Tests.Sharing;

/// <summary><c>/backend-api/v2/chat/{share_id}</c> through the sample host: versions, ETags, limits and every refusal.</summary>
public sealed class ChatShareEndpointTests : IAsyncLifetime
{
    private const string Id = "0b6f1d2e-8a7c-4f59-9d61-5a0f3c2b1e77";
    private const string ChatPath = "/backend-api/v2/chat/";

    private const string FoxChat = """
        {"id": "0b6f1d2e-8a7c-4f59-9d61-5a0f3c2b1e77", "title": "Fox facts", "share": true,
         "added": 1755780000000,
         "items": [{"role": "user", "content": "Tell me about foxes"},
                   {"role": "assistant", "content": "Foxes are <small> canids — 狐.", "provider": {"name": "OpenRouter", "model": "gpt-4o-mini"}}],
         "updated": 1755780123456}
        """;

    private BackendFactory _factory = null!;
    private HttpClient _client = null!;

    public Task InitializeAsync()
    {
        _factory = new BackendFactory(new Dictionary<string, string?> { ["G4F:Sharing:MaxChatBytes"] = "4096" });
        _client = _factory.CreateClient();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _factory.DisposeAsync();
    }

    private string ChatFile(string id) => Path.Combine(_factory.DataDirectory, "buckets", id, "chat.json");

    private Task<HttpResponseMessage> PostAsync(string id, string json, string? contentType = "application/json")
    {
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(json));
        if (contentType is not null)
        {
            content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        }

        return _client.PostAsync(ChatPath + id, content);
    }

    private Task<HttpResponseMessage> GetAsync(string id, string? ifNoneMatch = null)
    {
        // The official client's request: a cache-busting ?now= and the version it holds as a bare number.
        var request = new HttpRequestMessage(HttpMethod.Get, $"{ChatPath}{id}?now=1755780120");
        if (ifNoneMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-None-Match", ifNoneMatch);
        }

        return _client.SendAsync(request);
    }

    private static async Task ShouldBeErrorAsync(HttpResponseMessage response, HttpStatusCode status, string message)
    {
        response.StatusCode.Should().Be(status);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/json");
        (await response.Content.ReadAsStringAsync()).Should().Be(new JsonObject { ["error"] = new JsonObject { ["message"] = message } }.ToJsonString());
    }

    [Fact]
    public async Task A_shared_chat_is_stored_and_read_back()
    {
        using var post = await PostAsync(Id, FoxChat);
        post.StatusCode.Should().Be(HttpStatusCode.OK);
        (await post.Content.ReadAsStringAsync()).Should().Be($$"""{"share_id":"{{Id}}"}""");

        using var get = await GetAsync(Id);
        var body = await get.Content.ReadAsByteArrayAsync();

        get.StatusCode.Should().Be(HttpStatusCode.OK);
        get.Content.Headers.ContentType!.ToString().Should().Be("application/json; charset=utf-8");
        get.Headers.ETag!.ToString().Should().Be("\"1755780123456\"");
        get.Headers.CacheControl!.NoCache.Should().BeTrue();
        get.Content.Headers.ContentLength.Should().Be(body.Length);
        body.Should().Equal(await File.ReadAllBytesAsync(ChatFile(Id)), "the stored chat is served byte for byte");
        JsonNode.DeepEquals(JsonNode.Parse(body), JsonNode.Parse(FoxChat)).Should().BeTrue("nothing the client sent is lost");
        Newtonsoft.Json.Linq.JToken.Parse(Encoding.UTF8.GetString(body)).MatchSnapshot();
    }

    [Theory]
    [InlineData("1755780123456")]
    [InlineData("\"1755780123456\"")]
    [InlineData("W/\"1755780123456\"")]
    [InlineData("\"1\", \"1755780123456\"")]
    [InlineData("1,1755780123456")]
    [InlineData("*")]
    public async Task The_held_version_in_any_form_is_304_with_an_empty_body(string ifNoneMatch)
    {
        (await PostAsync(Id, FoxChat)).Dispose();

        using var response = await GetAsync(Id, ifNoneMatch);

        response.StatusCode.Should().Be(HttpStatusCode.NotModified);
        (await response.Content.ReadAsByteArrayAsync()).Should().BeEmpty();
        response.Headers.ETag!.ToString().Should().Be("\"1755780123456\"");
        response.Headers.CacheControl!.NoCache.Should().BeTrue();
    }

    [Theory]
    [InlineData("1755780000000")]
    [InlineData("\"1755780000000\"")]
    [InlineData("undefined")]
    [InlineData("abc")]
    [InlineData("\"abc\"")]
    [InlineData("1755780123456.0")]
    [InlineData("99999999999999999999999")]
    [InlineData("\"")]
    [InlineData("W/")]
    [InlineData(",,")]
    public async Task Another_version_or_a_value_that_is_no_number_gets_the_chat(string ifNoneMatch)
    {
        (await PostAsync(Id, FoxChat)).Dispose();

        using var response = await GetAsync(Id, ifNoneMatch);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        (await response.Content.ReadAsByteArrayAsync()).Should().Equal(await File.ReadAllBytesAsync(ChatFile(Id)));
    }

    [Fact]
    public async Task If_match_is_compared_with_the_stored_version()
    {
        (await PostAsync(Id, FoxChat)).Dispose();
        using var matching = new HttpRequestMessage(HttpMethod.Get, ChatPath + Id) { Headers = { { "If-Match", "\"1755780123456\"" } } };
        using var other = new HttpRequestMessage(HttpMethod.Get, ChatPath + Id) { Headers = { { "If-Match", "\"1\"" } } };

        using var served = await _client.SendAsync(matching);
        using var refused = await _client.SendAsync(other);

        served.StatusCode.Should().Be(HttpStatusCode.OK);
        refused.StatusCode.Should().Be(HttpStatusCode.PreconditionFailed);
    }

    [Fact]
    public async Task A_missing_share_is_404_in_the_envelope()
    {
        using var response = await GetAsync(Id, "1755780123456");

        await ShouldBeErrorAsync(response, HttpStatusCode.NotFound, "Not found");
    }

    [Fact]
    public async Task The_highest_updated_wins_and_every_post_answers_the_share_id()
    {
        (await PostAsync(Id, """{"title":"first","updated":100}""")).Dispose();
        (await PostAsync(Id, """{"title":"second","updated":300}""")).Dispose();

        using var older = await PostAsync(Id, """{"title":"older edit arriving late","updated":200}""");
        using var same = await PostAsync(Id, """{"title":"same version","updated":300}""");

        (await older.Content.ReadAsStringAsync()).Should().Be($$"""{"share_id":"{{Id}}"}""");
        (await same.Content.ReadAsStringAsync()).Should().Be($$"""{"share_id":"{{Id}}"}""");
        using var get = await GetAsync(Id);
        get.Headers.ETag!.Tag.Should().Be("\"300\"");
        JsonNode.Parse(await get.Content.ReadAsStringAsync())!["title"]!.GetValue<string>().Should().Be("second");
    }

    [Fact]
    public async Task A_chat_without_updated_is_stored_on_the_first_post()
    {
        (await PostAsync(Id, """{"title":"never edited"}""")).Dispose();

        using var get = await GetAsync(Id);

        get.StatusCode.Should().Be(HttpStatusCode.OK);
        get.Headers.ETag!.Tag.Should().Be("\"0\"");
        using var revalidated = await GetAsync(Id, "0");
        revalidated.StatusCode.Should().Be(HttpStatusCode.NotModified);
    }

    [Fact]
    public async Task Many_parallel_posts_leave_the_highest_version_as_valid_json()
    {
        var versions = Enumerable.Range(1, 40).OrderBy(_ => Random.Shared.Next()).ToArray();

        await Parallel.ForEachAsync(versions, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (version, _) =>
        {
            using var response = await PostAsync(Id, $$"""{"title":"v{{version}}","updated":{{version}}}""");
            response.StatusCode.Should().Be(HttpStatusCode.OK);
        });

        var stored = JsonNode.Parse(await File.ReadAllTextAsync(ChatFile(Id)))!;
        stored["updated"]!.GetValue<long>().Should().Be(40);
        stored["title"]!.GetValue<string>().Should().Be("v40");
    }

    [Theory]
    [InlineData("My%20Chat", "My_Chat")]
    [InlineData("a%252Fb", "a_b")]
    [InlineData("caf%C3%A9", "café")]
    public async Task The_share_id_is_sanitised_like_a_bucket_id(string id, string sanitised)
    {
        using var post = await PostAsync(id, """{"updated":1}""");

        JsonNode.Parse(await post.Content.ReadAsStringAsync())!["share_id"]!.GetValue<string>().Should().Be(sanitised);
        File.Exists(ChatFile(sanitised)).Should().BeTrue();
        using var get = await GetAsync(sanitised);
        get.StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Theory]
    [InlineData("_")]
    [InlineData("---")]
    [InlineData("...")]
    [InlineData("%20")]
    [InlineData("%252e%252e")]
    [InlineData("%252F")]
    public async Task An_id_with_nothing_left_after_sanitising_is_400_and_writes_nothing(string id)
    {
        using var post = await PostAsync(id, FoxChat);
        using var get = await GetAsync(id);

        await ShouldBeErrorAsync(post, HttpStatusCode.BadRequest, "Invalid share id");
        await ShouldBeErrorAsync(get, HttpStatusCode.BadRequest, "Invalid share id");
        Directory.Exists(Path.Combine(_factory.DataDirectory, "buckets")).Should().BeFalse();
    }

    [Theory]
    [InlineData("a%252F..%252F..%252Fb")]
    [InlineData("..%252F..%252Fescaped")]
    [InlineData("%252e%252e%252f%252e%252e%252fescaped")]
    public async Task Traversal_ids_stay_one_folder_under_buckets(string id)
    {
        using var post = await PostAsync(id, """{"updated":1}""");

        post.StatusCode.Should().Be(HttpStatusCode.OK);
        var shareId = JsonNode.Parse(await post.Content.ReadAsStringAsync())!["share_id"]!.GetValue<string>();
        shareId.Should().NotContainAny("/", "\\").And.NotStartWith(".");
        Directory.GetFiles(_factory.DataDirectory, "*", SearchOption.AllDirectories).Should().Equal(ChatFile(shareId));
    }

    [Fact]
    public async Task A_chat_over_the_limit_is_413_and_not_stored()
    {
        var big = $$"""{"updated":1,"title":"{{new string('x', 5000)}}"}""";

        using var response = await PostAsync(Id, big);

        await ShouldBeErrorAsync(response, HttpStatusCode.RequestEntityTooLarge, "Request body is larger than 4096 bytes");
        File.Exists(ChatFile(Id)).Should().BeFalse();
    }

    [Fact]
    public async Task A_body_that_is_not_declared_json_is_415()
    {
        using var response = await PostAsync(Id, FoxChat, "text/plain");

        await ShouldBeErrorAsync(response, HttpStatusCode.UnsupportedMediaType, "Content-Type must be application/json");
    }

    [Fact]
    public async Task A_body_without_content_type_is_read_as_json()
    {
        using var response = await PostAsync(Id, FoxChat, contentType: null);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        File.Exists(ChatFile(Id)).Should().BeTrue();
    }

    [Theory]
    [InlineData("{not json")]
    [InlineData("")]
    [InlineData("[1,2]")]
    [InlineData("\"text\"")]
    [InlineData("null")]
    [InlineData("""{"updated":1,"updated":2}""")]
    public async Task A_body_that_is_not_a_json_object_is_400(string body)
    {
        using var response = await PostAsync(Id, body);

        await ShouldBeErrorAsync(response, HttpStatusCode.BadRequest, "Invalid JSON data");
        File.Exists(ChatFile(Id)).Should().BeFalse();
    }

    [Theory]
    [InlineData("PUT")]
    [InlineData("DELETE")]
    [InlineData("PATCH")]
    public async Task Other_methods_are_405_with_allow(string method)
    {
        using var response = await _client.SendAsync(new HttpRequestMessage(new HttpMethod(method), ChatPath + Id));

        response.StatusCode.Should().Be(HttpStatusCode.MethodNotAllowed);
        response.Content.Headers.Allow.Should().Equal("GET", "POST");
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-1")]
    [InlineData("big")]
    public void An_invalid_limit_fails_at_start_naming_the_key(string value)
    {
        using var factory = new BackendFactory(new Dictionary<string, string?> { ["G4F:Sharing:MaxChatBytes"] = value });

        var start = () => factory.CreateClient();

        start.Should().Throw<Exception>().Where(e => e.ToString().Contains("G4F:Sharing:MaxChatBytes"));
    }
}
