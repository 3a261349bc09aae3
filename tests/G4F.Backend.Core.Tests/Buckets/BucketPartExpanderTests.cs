using System.Text.Json.Nodes;
using G4F.Backend.Buckets;
using G4F.Backend.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace G4F.Backend.Core.Tests.Buckets;

public sealed class BucketPartExpanderTests : IDisposable
{
    private const string Origin = "http://chat.example:5000";
    private static readonly byte[] MediaBytes = [0x89, 0x50, 0x4E, 0x47, 1, 2, 3];
    private static readonly byte[] ThumbnailBytes = [0x89, 0x50, 0x4E, 0x47, 9];

    private readonly string _root = Directory.CreateTempSubdirectory("g4f-expand-").FullName;
    private readonly ServiceProvider _services;
    private readonly RequestLog _log = new();

    public BucketPartExpanderTests()
    {
        _services = new ServiceCollection()
            .AddG4FBackend(o =>
            {
                o.DataDirectory = Path.Combine(_root, "data");
                o.Buckets.MaxPromptMediaBytes = 1024;
            })
            .Services.BuildServiceProvider();
    }

    private string DataDirectory => Path.Combine(_root, "data");

    private BucketPartExpander Expander => _services.GetRequiredService<BucketPartExpander>();

    public void Dispose()
    {
        _services.Dispose();
        Directory.Delete(_root, recursive: true);
    }

    [Fact]
    public async Task Messages_without_bucket_parts_are_passed_on_as_the_same_array()
    {
        var messages = Messages("""[{"type":"text","text":"hi"},{"type":"image_url","image_url":{"url":"https://img.example/a.png"}}]""");

        var result = await Expander.ExpandAsync(messages, Origin, _log, CancellationToken.None);

        result.Should().BeSameAs(messages);
    }

    [Fact]
    public async Task A_bucket_image_is_sent_as_its_thumbnail_and_without_one_as_the_media_file()
    {
        Plant("b1", "media", "cat.png", MediaBytes);
        Plant("b1", "thumbnail", "cat.png", ThumbnailBytes);
        Plant("b1", "media", "dog.png", MediaBytes);

        var result = await Expander.ExpandAsync(
            Messages("""[{"bucket_id":"b1","name":"cat.png","url":"/files/b1/media/cat.png","width":4,"height":3},{"bucket_id":"b1","name":"dog.png","url":"/files/b1/media/dog.png"}]"""),
            Origin, _log, CancellationToken.None);

        Urls(result).Should().Equal(
            "data:image/png;base64," + Convert.ToBase64String(ThumbnailBytes),
            "data:image/png;base64," + Convert.ToBase64String(MediaBytes));
    }

    [Fact]
    public async Task Wav_and_mp3_become_input_audio_and_other_media_are_dropped_with_a_note()
    {
        Plant("b1", "media", "note.wav", [1, 2]);
        Plant("b1", "media", "song.mp3", [3, 4]);
        Plant("b1", "media", "clip.ogg", [5]);
        Plant("b1", "media", "movie.mp4", [6]);

        var result = await Expander.ExpandAsync(
            Messages("""[{"bucket_id":"b1","name":"note.wav","url":"/files/b1/media/note.wav"},{"bucket_id":"b1","name":"song.mp3","url":"/files/b1/media/song.mp3"},{"bucket_id":"b1","name":"clip.ogg","url":"/files/b1/media/clip.ogg"},{"bucket_id":"b1","name":"movie.mp4","url":"/files/b1/media/movie.mp4"}]"""),
            Origin, _log, CancellationToken.None);

        Content(result).ToJsonString().Should().Be(
            """[{"type":"input_audio","input_audio":{"data":"AQI=","format":"wav"}},{"type":"input_audio","input_audio":{"data":"AwQ=","format":"mp3"}}]""");
        _log.Lines.Should().Contain(l => l.Contains("clip.ogg", StringComparison.Ordinal)).And.Contain(l => l.Contains("movie.mp4", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_media_part_with_a_transcript_becomes_that_text()
    {
        var result = await Expander.ExpandAsync(
            Messages("""[{"bucket_id":"b1","name":"file.webm","text":"Hello, this is a voice note."}]"""),
            Origin, _log, CancellationToken.None);

        Content(result).ToJsonString().Should().Be("""[{"type":"text","text":"Hello, this is a voice note."}]""");
    }

    [Theory]
    [InlineData("/files/b1/media/cat.png")]
    [InlineData("/files/b1/thumbnail/cat.png")]
    [InlineData("/chat/files/b1/media/cat.png?url=https%3A//elsewhere.example/cat.png")]
    [InlineData("http://chat.example:5000/files/b1/media/cat.png")]
    [InlineData("HTTP://CHAT.EXAMPLE:5000/files/b1/media/cat.png")]
    [InlineData("https://chat.example:5000/files/b1/media/cat.png")]
    public async Task An_image_url_of_this_servers_bucket_is_read_from_disk(string url)
    {
        Plant("b1", "media", "cat.png", MediaBytes);

        var result = await Expander.ExpandAsync(Messages($$$"""[{"type":"image_url","image_url":{"url":"{{{url}}}"}}]"""), Origin, _log, CancellationToken.None);

        Urls(result).Should().Equal("data:image/png;base64," + Convert.ToBase64String(MediaBytes));
    }

    [Theory]
    [InlineData("http://other.example:5000/files/b1/media/cat.png")]
    [InlineData("https://chat.example/files/b1/media/cat.png")]
    [InlineData("//chat.example:5000/files/b1/media/cat.png")]
    [InlineData("/files/b1/other/cat.png")]
    public async Task An_image_url_of_another_origin_or_shape_is_left_alone(string url)
    {
        Plant("b1", "media", "cat.png", MediaBytes);
        var messages = Messages($$$"""[{"type":"image_url","image_url":{"url":"{{{url}}}"}}]""");

        var result = await Expander.ExpandAsync(messages, Origin, _log, CancellationToken.None);

        result.Should().BeSameAs(messages);
    }

    [Fact]
    public async Task A_bucket_media_part_is_read_from_this_servers_bucket_whatever_its_url_says()
    {
        Plant("b1", "media", "cat.png", MediaBytes);
        Plant("b1", "media", "song.mp3", [3, 4]);

        var result = await Expander.ExpandAsync(
            Messages("""[{"bucket_id":"b1","name":"cat.png","url":"https://proxy.example/files/b1/media/cat.png"},{"bucket_id":"b1","name":"song.mp3","url":"https://proxy.example/files/b1/media/song.mp3"}]"""),
            Origin, _log, CancellationToken.None);

        Content(result).ToJsonString().Should().Be(
            $$$"""[{"type":"image_url","image_url":{"url":"data:image/png;base64,{{{Convert.ToBase64String(MediaBytes)}}}"}},{"type":"input_audio","input_audio":{"data":"AwQ=","format":"mp3"}}]""");
    }

    [Fact]
    public async Task A_bucket_image_of_another_server_is_passed_on_by_its_url()
    {
        var result = await Expander.ExpandAsync(
            Messages("""[{"bucket_id":"b1","name":"cat.png","url":"https://other.example/files/b1/media/cat.png"}]"""),
            Origin, _log, CancellationToken.None);

        Urls(result).Should().Equal("https://other.example/files/b1/media/cat.png");
    }

    [Fact]
    public async Task Missing_files_and_media_over_the_request_budget_are_dropped_with_a_note_and_other_parts_stay()
    {
        // 600 bytes are 800 base64 characters: one fits the 1024-byte budget, the second reference does not.
        Plant("b1", "media", "big.png", new byte[600]);

        var result = await Expander.ExpandAsync(
            Messages("""[{"type":"text","text":"look"},{"bucket_id":"b1","name":"gone.png","url":"/files/b1/media/gone.png"},{"type":"image_url","image_url":{"url":"/files/b1/media/big.png"}},{"type":"image_url","image_url":{"url":"/files/b1/media/big.png"}}]"""),
            Origin, _log, CancellationToken.None);

        Content(result).Select(p => p!["type"]!.GetValue<string>()).Should().Equal("text", "image_url");
        _log.Lines.Should().HaveCount(2).And.Contain(l => l.Contains("MaxPromptMediaBytes", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_file_named_many_times_is_inlined_within_the_budget_and_read_once()
    {
        Plant("b1", "media", "cat.png", MediaBytes);
        var parts = string.Join(',', Enumerable.Repeat("""{"type":"image_url","image_url":{"url":"/files/b1/media/cat.png"}}""", 5));

        var result = await Expander.ExpandAsync(Messages($"[{parts}]"), Origin, _log, CancellationToken.None);

        var urls = Urls(result).ToList();
        urls.Should().HaveCount(5).And.OnlyContain(u => u == "data:image/png;base64," + Convert.ToBase64String(MediaBytes));
        // One encoded string shared by every reference.
        urls.Distinct(ReferenceEqualityComparer.Instance).Should().ContainSingle();
    }

    [Theory]
    [InlineData("..", "secret.png")]
    [InlineData("%2e%2e", "secret.png")]
    [InlineData("b1", "../../../secret.png")]
    [InlineData("b1", "..%2F..%2F..%2Fsecret.png")]
    public async Task Names_that_try_to_leave_the_bucket_never_read_outside_it(string bucketId, string name)
    {
        // Files where an unsanitised path would land: above the data directory, at its root and beside the buckets.
        await File.WriteAllBytesAsync(Path.Combine(_root, "secret.png"), MediaBytes);
        Plant("..", "media", "secret.png", MediaBytes);
        Directory.CreateDirectory(Path.Combine(DataDirectory, "media"));
        await File.WriteAllBytesAsync(Path.Combine(DataDirectory, "secret.png"), MediaBytes);
        await File.WriteAllBytesAsync(Path.Combine(DataDirectory, "media", "secret.png"), MediaBytes);

        var result = await Expander.ExpandAsync(
            Messages($$$"""[{"bucket_id":"{{{bucketId}}}","name":"{{{name}}}","url":"/files/{{{bucketId}}}/media/{{{name}}}"},{"type":"image_url","image_url":{"url":"/files/{{{bucketId}}}/media/{{{name}}}"}}]"""),
            Origin, _log, CancellationToken.None);

        Content(result).ToJsonString().Should().NotContain("base64");
    }

    [Fact]
    public async Task Only_the_messages_with_bucket_parts_are_rebuilt_and_the_input_is_not_changed()
    {
        Plant("b1", "media", "cat.png", MediaBytes);
        var messages = JsonNode.Parse("""
            [{"role":"system","content":"be brief"},
             {"role":"user","content":[{"type":"text","text":"what is it?"},{"type":"image_url","image_url":{"url":"/files/b1/media/cat.png"}}]}]
            """)!.AsArray();
        var before = messages.ToJsonString();

        var result = await Expander.ExpandAsync(messages, Origin, _log, CancellationToken.None);

        messages.ToJsonString().Should().Be(before);
        result[0]!.ToJsonString().Should().Be("""{"role":"system","content":"be brief"}""");
        result[1]!["role"]!.GetValue<string>().Should().Be("user");
        result[1]!["content"]![0]!.ToJsonString().Should().Be("""{"type":"text","text":"what is it?"}""");
    }

    private void Plant(string bucket, string kind, string name, byte[] bytes)
    {
        var folder = Directory.CreateDirectory(Path.Combine(DataDirectory, "buckets", bucket, kind)).FullName;
        File.WriteAllBytes(Path.Combine(folder, name), bytes);
    }

    private static JsonArray Messages(string content) =>
        new(new JsonObject { ["role"] = "user", ["content"] = JsonNode.Parse(content) });

    private static JsonArray Content(JsonArray messages) => messages[0]!["content"]!.AsArray();

    private static IEnumerable<string> Urls(JsonArray messages) =>
        Content(messages).Select(p => p!["image_url"]!["url"]!.GetValue<string>());
}
