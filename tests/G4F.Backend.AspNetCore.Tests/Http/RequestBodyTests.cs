using System.Net;
using System.Text;
using G4F.Backend.AspNetCore.Http;
using G4F.Backend.AspNetCore.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;

namespace G4F.Backend.AspNetCore.Tests.Http;

public sealed class RequestBodyTests
{
    [Theory]
    [InlineData("""{"a":1,"a":2}""")]
    [InlineData("""{"x":{"b":[{"c":1,"c":1}]}}""")]
    public void Duplicate_property_names_are_invalid_json(string json)
    {
        var result = RequestBody.ParseObject(Encoding.UTF8.GetBytes(json), 1000);

        result.Body.Should().BeNull();
        result.StatusCode.Should().Be(StatusCodes.Status400BadRequest);
        result.Error.Should().Be(RequestBody.InvalidJson);
    }

    [Fact]
    public void A_string_that_is_not_utf8_is_invalid_json()
    {
        // A stray byte in a string is refused with the body, not left to throw where a store first reads the string.
        byte[] json = [.. "{\"messages\":[{\"role\":\"user\",\"content\":\"a"u8, 0xFF, .. "b\"}]}"u8];

        var result = RequestBody.ParseObject(json, 1000);

        result.StatusCode.Should().Be(StatusCodes.Status400BadRequest);
        result.Error.Should().Be(RequestBody.InvalidJson);
    }

    [Fact]
    public void Values_keep_their_kinds_numbers_their_text_and_names_their_order()
    {
        const string Json = """{"b":1.50,"a":[1e2,-0,true,false,null,"x\u00e9",{"n":{}}],"s":"12","t":null}""";

        var body = RequestBody.ParseObject(Encoding.UTF8.GetBytes(Json), 1000).Body!;

        body.ToJsonString().Should().Be("""{"b":1.50,"a":[1e2,-0,true,false,null,"x\u00E9",{"n":{}}],"s":"12","t":null}""");
        body.Select(p => p.Key).Should().Equal("b", "a", "s", "t");
        body["b"]!.GetValue<double>().Should().Be(1.5);
        body["a"]![0]!.GetValue<double>().Should().Be(100);
        body["a"]![0]!.AsValue().TryGetValue<int>(out _).Should().BeFalse();
        body["a"]![2]!.GetValueKind().Should().Be(System.Text.Json.JsonValueKind.True);
        body["a"]![5]!.GetValue<string>().Should().Be("x\u00e9");
        body["s"]!.AsValue().TryGetValue<long>(out _).Should().BeFalse();
        body.ContainsKey("t").Should().BeTrue();
        body["a"]![6]!["n"]!.Parent!.Parent.Should().BeSameAs(body["a"]);
    }

    [Fact]
    public async Task A_conversation_with_duplicate_keys_is_400_not_500()
    {
        // JsonObject throws ArgumentException on the first lookup of an object with duplicate names.
        await using var factory = new BackendFactory(new Dictionary<string, string?>());

        using var response = await factory.CreateClient().PostConversationAsync("""{"messages":[{"role":"user","content":"a"}],"messages":[]}""");

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await response.Content.ReadAsStringAsync()).Should().Be("""{"error":{"message":"Invalid JSON data"}}""");
    }

    // Twelve values: the root, "messages", the message, "role", "content" and its seven numbers.
    private const string TwelveValues = """{"messages":[{"role":"user","content":[1,2,3,4,5,6,7]}]}""";

    [Theory]
    [InlineData("/backend-api/v2/conversation")]
    [InlineData("/backend-api/v2/usage")]
    public async Task A_body_past_the_value_budget_is_413_in_the_g4f_error_shape(string path)
    {
        await using var factory = new BackendFactory(new Dictionary<string, string?> { ["G4F:MaxRequestJsonValues"] = "11" });

        using var response = await factory.CreateClient().PostAsync(path, new StringContent(TwelveValues, Encoding.UTF8, "application/json"));

        response.StatusCode.Should().Be(HttpStatusCode.RequestEntityTooLarge);
        (await response.Content.ReadAsStringAsync()).Should().Be("""{"error":{"message":"Request body has more than 11 JSON values"}}""");
    }

    [Fact]
    public async Task The_json_field_of_a_form_past_the_value_budget_is_413()
    {
        await using var factory = new BackendFactory(new Dictionary<string, string?> { ["G4F:MaxRequestJsonValues"] = "11" });
        using var form = new MultipartFormDataContent { { new StringContent(TwelveValues), "json" } };

        using var response = await factory.CreateClient().PostAsync("/backend-api/v2/conversation", form);

        response.StatusCode.Should().Be(HttpStatusCode.RequestEntityTooLarge);
        (await response.Content.ReadAsStringAsync()).Should().Be("""{"error":{"message":"Request body has more than 11 JSON values"}}""");
    }

    [Fact]
    public async Task A_body_past_the_value_budget_is_413_in_OpenAIs_shape()
    {
        await using var factory = new BackendFactory(BackendFactory.Merge(
            BackendFactory.OpenAIProvider("Fake", "http://127.0.0.1:1/v1", "sk-x"),
            new Dictionary<string, string?> { ["G4F:MaxRequestJsonValues"] = "11" }));

        using var response = await factory.CreateClient().PostAsync("/v1/chat/completions", new StringContent(TwelveValues, Encoding.UTF8, "application/json"));

        response.StatusCode.Should().Be(HttpStatusCode.RequestEntityTooLarge);
        (await response.Content.ReadAsStringAsync()).Should().Be(
            """{"error":{"message":"Request body has more than 11 JSON values","type":"invalid_request_error","param":null,"code":null}}""");
    }

    [Theory]
    [InlineData(12, StatusCodes.Status200OK)]
    [InlineData(11, StatusCodes.Status413PayloadTooLarge)]
    public void The_budget_counts_every_value_but_not_names_or_ends(int maxValues, int status)
    {
        var result = RequestBody.ParseObject(Encoding.UTF8.GetBytes(TwelveValues), maxValues);

        result.StatusCode.Should().Be(status);
    }

    [Theory]
    [InlineData(2, StatusCodes.Status200OK)]
    [InlineData(1, StatusCodes.Status413PayloadTooLarge)]
    public void A_long_string_is_one_value(int maxValues, int status)
    {
        // Media attached as a data URL costs one value however large it is.
        var json = $$"""{"media":"data:image/png;base64,{{new string('A', 1_000_000)}}"}""";

        RequestBody.ParseObject(Encoding.UTF8.GetBytes(json), maxValues).StatusCode.Should().Be(status);
    }

    [Fact]
    public async Task A_small_body_with_a_declared_length_is_read_into_one_array_of_its_size()
    {
        // Every conversation request passes here: a fixed read size used to cost 16 KiB of arrays for a 100-byte body.
        var json = Encoding.UTF8.GetBytes($$"""{"model":"m","messages":[{"role":"user","content":"{{new string('x', 100)}}"}]}""");
        await ReadAsync(json, json.Length);
        var request = Request(json, json.Length);

        var before = GC.GetAllocatedBytesForCurrentThread();
        var (bytes, _) = await RequestBody.ReadBytesAsync(request, 1024 * 1024, CancellationToken.None);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        bytes!.WrittenSpan.ToArray().Should().Equal(json);
        allocated.Should().BeLessThan(1024);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_body_larger_than_the_first_buffer_is_read_whole(bool declared)
    {
        var json = Encoding.UTF8.GetBytes($$"""{"content":"{{new string('y', 200_000)}}"}""");

        var bytes = await ReadAsync(json, declared ? json.Length : null);

        bytes.Should().Equal(json);
    }

    [Fact]
    public async Task A_body_over_the_limit_is_refused_without_a_declared_length()
    {
        var context = new DefaultHttpContext();
        context.Request.Body = new MemoryStream(new byte[10_000]);

        var (bytes, error) = await RequestBody.ReadBytesAsync(context.Request, 5_000, CancellationToken.None);

        bytes.Should().BeNull();
        error!.Value.StatusCode.Should().Be(StatusCodes.Status413PayloadTooLarge);
    }

    private static async Task<byte[]> ReadAsync(byte[] body, long? contentLength)
    {
        var (bytes, error) = await RequestBody.ReadBytesAsync(Request(body, contentLength), 1024 * 1024, CancellationToken.None);
        error.Should().BeNull();
        return bytes!.WrittenSpan.ToArray();
    }

    private static HttpRequest Request(byte[] body, long? contentLength)
    {
        var context = new DefaultHttpContext();
        context.Request.Body = new MemoryStream(body, writable: false);
        context.Request.ContentLength = contentLength;
        return context.Request;
    }
}
