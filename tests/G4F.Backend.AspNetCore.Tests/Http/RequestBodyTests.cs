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
}
