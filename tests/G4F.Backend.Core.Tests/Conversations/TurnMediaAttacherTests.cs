using System.Text.Json.Nodes;
using G4F.Backend.Conversations;
using G4F.Backend.Core.Tests.Configuration;
using G4F.Backend.Core.Tests.Providers;
using G4F.Backend.Providers;
using G4F.Backend.Routing;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;

namespace G4F.Backend.Core.Tests.Conversations;

/// <summary>Media attached to a turn become parts of the last user message, within the request's media budget.</summary>
public sealed class TurnMediaAttacherTests : IDisposable
{
    private static readonly byte[] Png = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A, 7, 7, 7, 7];

    private readonly string _root = Directory.CreateTempSubdirectory("g4f-attach-").FullName;
    private readonly ScriptedChatClient _client = new(new ChatResponseUpdate(ChatRole.Assistant, "ok"));
    private readonly ServiceProvider _services;
    private readonly RequestLog _log = new();

    public TurnMediaAttacherTests()
    {
        _services = new ServiceCollection()
            .AddG4FBackend(o =>
            {
                o.DataDirectory = Path.Combine(_root, "data");
                o.Buckets.MaxPromptMediaBytes = 64;
            })
            .AddChatClientProvider("Echo", _ => _client)
            .Services.BuildServiceProvider();
    }

    private TurnMediaAttacher Attacher => _services.GetRequiredService<TurnMediaAttacher>();

    public void Dispose()
    {
        _services.Dispose();
        Directory.Delete(_root, recursive: true);
    }

    private static JsonArray Messages(string json) => JsonNode.Parse(json)!.AsArray();

    private static string DataUri(byte[] bytes) => "data:image/png;base64," + Convert.ToBase64String(bytes);

    [Fact]
    public async Task A_host_passes_media_to_an_IChatClient_provider_as_data_content()
    {
        var service = _services.GetRequiredService<ConversationService>();
        var request = new ChatRequest
        {
            Provider = "Echo",
            Messages = Messages("""[{"role":"user","content":"What is this?"}]"""),
            Media = [ChatMedia.FromBytes(Png, "cat.png")],
        };

        await foreach (var _ in (await service.RunAsync(request, TurnInput.None)).Events)
        {
        }

        var contents = _client.Messages!.Single().Contents;
        contents.OfType<TextContent>().Single().Text.Should().Be("What is this?");
        var image = contents.OfType<DataContent>().Single();
        image.MediaType.Should().Be("image/png");
        image.Data.ToArray().Should().Equal(Png);
        request.Messages.ToJsonString().Should().Be("""[{"role":"user","content":"What is this?"}]""", "the host's messages are not changed");
    }

    [Fact]
    public async Task Media_are_appended_to_the_last_user_message_of_a_copy()
    {
        var messages = Messages("""[{"role":"user","content":"first"},{"role":"user","content":[{"type":"text","text":"second"}]},{"role":"assistant","content":"..."}]""");

        var result = await Attacher.AttachAsync(messages, [ChatMedia.FromUrl(DataUri(Png))], null, _log, CancellationToken.None);

        result.Should().NotBeSameAs(messages);
        result[0]!["content"]!.GetValue<string>().Should().Be("first");
        result[1]!["content"]!.ToJsonString().Should().Be($$$"""[{"type":"text","text":"second"},{"type":"image_url","image_url":{"url":"{{{DataUri(Png)}}}"}}]""");
        messages[1]!["content"]!.AsArray().Should().HaveCount(1);
    }

    [Fact]
    public async Task Without_a_user_message_nothing_is_attached_and_that_is_noted()
    {
        var messages = Messages("""[{"role":"system","content":"Be brief."}]""");

        var result = await Attacher.AttachAsync(messages, [ChatMedia.FromBytes(Png, "a.png")], null, _log, CancellationToken.None);

        result.Should().BeSameAs(messages);
        _log.Lines.Should().Equal("Dropped 1 attached media: the request has no user message");
    }

    [Fact]
    public async Task Inline_media_already_in_the_messages_come_first_in_the_budget()
    {
        // Of the 64 base64 characters, the messages' own data URI takes 40; each 12-byte PNG needs 16: one fits.
        var messages = Messages($$$"""[{"role":"user","content":[{"type":"image_url","image_url":{"url":"data:image/png;base64,{{{new string('A', 40)}}}"}}]}]""");

        var result = await Attacher.AttachAsync(messages, [ChatMedia.FromBytes(Png, "a.png"), ChatMedia.FromBytes(Png, "b.png")], null, _log, CancellationToken.None);

        result[0]!["content"]!.AsArray().Should().HaveCount(2);
        result[0]!["content"]![1]!["image_url"]!["url"]!.GetValue<string>().Should().Be(DataUri(Png));
        _log.Lines.Should().Equal("Dropped attached file b.png: the request's media exceed G4F:Buckets:MaxPromptMediaBytes");
    }

    [Theory]
    [InlineData("data:image/png;base64,%%%", "Dropped attached data URI: The data URI is malformed.")]
    [InlineData("data:text/html,<b>hi</b>", "Dropped attached data URI: The content is not image, audio or video.")]
    [InlineData("/files/b1/media/missing.png", "Dropped attached local media: no such file on this server")]
    [InlineData("/media/1755780000_missing_0011223344556677.png", "Dropped attached local media: no such file on this server")]
    public async Task Unusable_inline_or_local_media_are_dropped_with_a_note(string url, string note)
    {
        var messages = Messages("""[{"role":"user","content":"hi"}]""");

        var result = await Attacher.AttachAsync(messages, [ChatMedia.FromUrl(url)], null, _log, CancellationToken.None);

        result.Should().BeSameAs(messages);
        _log.Lines.Should().Equal(note);
    }

    [Fact]
    public async Task A_refused_url_is_a_media_error_naming_the_host_only()
    {
        var act = () => Attacher.AttachAsync(Messages("""[{"role":"user","content":"hi"}]"""), [ChatMedia.FromUrl("http://10.0.0.1/a.png?key=secret")], null, _log, CancellationToken.None);

        var error = (await act.Should().ThrowAsync<TurnMediaException>()).Which;
        error.ProtocolMessage.Should().Be("MediaError: Fetching media from 10.0.0.1 failed: The URL points to an address that may not be fetched.");
    }

    [Fact]
    public async Task A_host_turn_with_a_url_that_may_not_be_fetched_is_refused_before_the_provider_call()
    {
        var service = _services.GetRequiredService<ConversationService>();
        var request = new ChatRequest
        {
            Provider = "Echo",
            Messages = Messages("""[{"role":"user","content":"hi"}]"""),
            Media = [ChatMedia.FromUrl("http://169.254.169.254/latest/meta-data/")],
        };

        var outcome = await service.RunAsync(request, TurnInput.None);

        outcome.Refusal.Should().NotBeNull();
        outcome.Refusal!.StatusCode.Should().Be(400);
        outcome.Refusal.Message.Should().Be("Invalid or disallowed media_url: http://169.254.169.254/latest/meta-data/");
        _client.Messages.Should().BeNull();
    }

    [Fact]
    public async Task Check_refuses_more_media_than_allowed_before_any_lookup()
    {
        var media = Enumerable.Range(0, 17).Select(_ => ChatMedia.FromUrl("http://unresolvable.invalid/a.png")).ToList();

        (await Attacher.CheckAsync(media, null, CancellationToken.None)).Should().Be("Too many media: at most 16 may be attached to one message");
    }

    [Theory]
    [InlineData("/files/b1/media/cat.png", null)]
    [InlineData("http://chat.example:5000/files/b1/thumbnail/cat.png", null)]
    [InlineData("/g4f/media/1755780000_cat_0011223344556677.png?url=http%3A//10.0.0.1/x.png", null)]
    [InlineData("data:image/png;base64,AAAA", null)]
    [InlineData("http://chat.example:5000/backend-api/v2/version", "Invalid or disallowed media_url: http://chat.example:5000/backend-api/v2/version")]
    [InlineData("/media/notes.txt", "Invalid or disallowed media_url: /media/notes.txt")]
    [InlineData("//10.0.0.1/a.png", "Invalid or disallowed media_url: //10.0.0.1/a.png")]
    [InlineData("http://10.0.0.1/a.png", "Invalid or disallowed media_url: http://10.0.0.1/a.png")]
    public async Task Check_allows_inline_and_own_media_and_refuses_the_rest(string url, string? refusal)
    {
        (await Attacher.CheckAsync([ChatMedia.FromUrl(url)], "http://chat.example:5000", CancellationToken.None)).Should().Be(refusal);
    }

    [Fact]
    public void A_media_description_never_holds_a_query_or_the_data()
    {
        ChatMedia.FromUrl("https://img.example/a.png?token=secret").ToString().Should().Be("ChatMedia { img.example }");
        ChatMedia.FromUrl(DataUri(Png)).ToString().Should().Be("ChatMedia { data URI }");
        ChatMedia.FromBytes(Png, "a.png").ToString().Should().Be("ChatMedia { 12 bytes }");
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(1001)]
    public void MaxAttachedMedia_out_of_range_names_its_key(int value)
    {
        var result = StartupValidation.Run(new G4FBackendOptions { MaxAttachedMedia = value });

        result.Failures.Should().Equal("G4F:MaxAttachedMedia must be between 0 and 1000.");
    }
}
