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
        var result = RequestBody.ParseObject(Encoding.UTF8.GetBytes(json));

        result.Body.Should().BeNull();
        result.StatusCode.Should().Be(StatusCodes.Status400BadRequest);
        result.Error.Should().Be(RequestBody.InvalidJson);
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
