using System.Text.Json.Nodes;
using G4F.Backend.Conversations;
using G4F.Backend.Providers;

namespace G4F.Backend.Core.Tests.Conversations;

/// <summary>The media fields of a conversation request (PROTOCOL 3.1), read leniently like every optional field.</summary>
public sealed class ChatRequestReaderMediaFieldsTests
{
    [Theory]
    [InlineData(null, true)]
    [InlineData("true", true)]
    [InlineData("false", false)]
    [InlineData("\"false\"", false)]
    [InlineData("\"True\"", true)]
    [InlineData("\"\"", true)]
    [InlineData("null", true)]
    public void Download_media_is_on_unless_the_client_turns_it_off(string? json, bool expected)
    {
        var request = Read(json is null ? "{}" : $$"""{"download_media":{{json}}}""");

        request.DownloadMedia.Should().Be(expected);
        request.ReadNotes.Should().BeEmpty();
    }

    [Theory]
    [InlineData("0")]
    [InlineData("\"no\"")]
    [InlineData("{}")]
    public void A_download_media_of_another_shape_is_noted_and_leaves_it_on(string json)
    {
        var request = Read($$"""{"download_media":{{json}}}""");

        request.DownloadMedia.Should().BeTrue();
        request.ReadNotes.Should().Equal("Ignored request field 'download_media': it is not a boolean");
    }

    [Fact]
    public void Aspect_ratio_resolution_and_prompt_are_read_and_empty_ones_are_absent()
    {
        var full = Read("""{"aspect_ratio":"16:9","resolution":"1080p","prompt":"a red fox"}""");
        var empty = Read("""{"aspect_ratio":"","resolution":" ","prompt":null}""");

        (full.AspectRatio, full.Resolution, full.Prompt).Should().Be(("16:9", "1080p", "a red fox"));
        (empty.AspectRatio, empty.Resolution, empty.Prompt).Should().Be((null, null, null));
        empty.ReadNotes.Should().BeEmpty();
    }

    [Fact]
    public void A_prompt_that_is_not_a_string_is_noted()
    {
        var request = Read("""{"prompt":["a","b"]}""");

        request.Prompt.Should().BeNull();
        request.ReadNotes.Should().Equal("Ignored request field 'prompt': it is not a string");
    }

    private static ChatRequest Read(string fields)
    {
        var body = JsonNode.Parse(fields)!.AsObject();
        body["messages"] = new JsonArray(new JsonObject { ["role"] = "user", ["content"] = "Hi" });
        ChatRequestReader.TryRead(body, out var request, out var error).Should().BeTrue(error);
        return request!;
    }
}
