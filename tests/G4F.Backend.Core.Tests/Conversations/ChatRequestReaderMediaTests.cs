using System.Text.Json.Nodes;
using G4F.Backend.Conversations;

namespace G4F.Backend.Core.Tests.Conversations;

/// <summary>The JSON <c>media</c> field (PROTOCOL 3.1): <c>[[data, filename], ...]</c>, malformed entries left out with a note.</summary>
public sealed class ChatRequestReaderMediaTests
{
    private static (G4F.Backend.Providers.ChatRequest Request, IReadOnlyList<string> Notes) Read(string media)
    {
        var body = JsonNode.Parse($$"""{"messages":[{"role":"user","content":"hi"}],"media":{{media}}}""")!.AsObject();
        ChatRequestReader.TryRead(body, out var request, out var error).Should().BeTrue(error);
        return (request!, request!.ReadNotes);
    }

    [Fact]
    public void Pairs_become_media_with_their_names()
    {
        var (request, notes) = Read("""[["data:image/png;base64,AAAA","a.png"],["https://img.example/b.jpg",null],["/media/c.png"]]""");

        request.Media.Select(m => (m.Url, m.Name)).Should().Equal(
            ("data:image/png;base64,AAAA", "a.png"), ("https://img.example/b.jpg", null), ("/media/c.png", null));
        notes.Should().BeEmpty();
    }

    [Fact]
    public void Malformed_entries_are_left_out_and_noted_without_their_values()
    {
        var (request, notes) = Read("""[42,["",null],[null,"x.png"],{"url":"https://img.example/a.png"},"https://img.example/ok.png"]""");

        request.Media.Select(m => m.Url).Should().Equal("https://img.example/ok.png");
        notes.Should().Equal(
            "Ignored request field 'media[0]': it is not a [data, filename] pair",
            "Ignored request field 'media[1]': it is not a [data, filename] pair",
            "Ignored request field 'media[2]': it is not a [data, filename] pair",
            "Ignored request field 'media[3]': it is not a [data, filename] pair");
    }

    [Theory]
    [InlineData("\"https://img.example/a.png\"")]
    [InlineData("{}")]
    public void A_media_field_that_is_not_an_array_is_ignored(string media)
    {
        var (request, notes) = Read(media);

        request.Media.Should().BeEmpty();
        notes.Should().Equal("Ignored request field 'media': it is not an array of [data, filename] pairs");
    }

    [Fact]
    public void Null_or_missing_media_is_no_media()
    {
        Read("null").Request.Media.Should().BeEmpty();
    }
}
