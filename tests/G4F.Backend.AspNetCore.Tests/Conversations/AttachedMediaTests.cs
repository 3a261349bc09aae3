using System.Text;
using System.Text.Json.Nodes;
using G4F.Backend.AspNetCore.Tests.Buckets;
using G4F.Backend.AspNetCore.Tests.Infrastructure;
using G4F.Backend.Testing;
using SkiaSharp;
using static G4F.Backend.AspNetCore.Tests.Conversations.AttachedMedia;

namespace G4F.Backend.AspNetCore.Tests.Conversations;

/// <summary>
/// Media attached to a turn (PROTOCOL 3.1 <c>files</c>, <c>media_url</c>, JSON <c>media</c>) reach the provider as parts
/// of the last user message: images as data URIs, wav and mp3 as <c>input_audio</c>.
/// </summary>
public sealed class AttachedMediaTests : IAsyncLifetime
{
    private const string Ask = """{"provider":"Fake","debug_mode":true,"messages":[{"role":"system","content":"Be brief."},{"role":"user","content":"What is this?"}]}""";
    private static readonly byte[] Png = BucketUploads.Png(3, 2, SKColors.Red);

    private FakeUpstream _upstream = null!;
    private FakeFileServer _files = null!;

    public async Task InitializeAsync()
    {
        _upstream = await FakeUpstream.StartAsync();
        _upstream.Reply = FakeReply.Text("A red square.");
        _files = await FakeFileServer.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _files.DisposeAsync();
        await _upstream.DisposeAsync();
    }

    private BackendFactory Backend(params (string Key, string? Value)[] extra)
    {
        var settings = BackendFactory.OpenAIProvider("Fake", _upstream.OpenAIBaseUrl);
        settings["G4F:Downloads:AllowedNetworks:0"] = "127.0.0.1/32";
        foreach (var (key, value) in extra)
        {
            settings[key] = value;
        }

        return new BackendFactory(settings);
    }

    private static IEnumerable<string> Logs(SseTranscript transcript) => transcript.OfType("log").Select(e => e.GetProperty("log").GetString()!);

    [Fact]
    public async Task An_uploaded_image_follows_the_text_of_the_last_user_message_and_a_text_file_is_dropped()
    {
        await using var factory = Backend();

        var transcript = await factory.CreateClient().ConverseFormAsync(Ask, files: [("red.png", Png), ("notes.txt", Encoding.UTF8.GetBytes("not media"))]);

        transcript.Types.Should().NotContain("error");
        transcript.Content.Should().Be("A red square.");
        _upstream.LastMessageContent()!.ToJsonString().Should().Be(
            new JsonArray(new JsonObject { ["type"] = "text", ["text"] = "What is this?" }, ImagePart(DataUri("image/png", Png))).ToJsonString());
        Logs(transcript).Should().Contain("Dropped uploaded file 'notes.txt': only files with a media extension are attached");
        Directory.EnumerateFiles(factory.DataDirectory, "*", SearchOption.AllDirectories).Where(f => !f.EndsWith(".jsonl", StringComparison.Ordinal))
            .Should().BeEmpty("uploaded parts are read into memory; only the usage line is written");
    }

    [Fact]
    public async Task Wav_becomes_input_audio_and_video_is_dropped_with_a_note()
    {
        await using var factory = Backend();
        var wav = Wav();

        var transcript = await factory.CreateClient().ConverseFormAsync(Ask, files: [("hello.wav", wav), ("clip.mp4", Mp4())]);

        var content = _upstream.LastMessageContent()!.AsArray();
        content.Select(p => p!["type"]!.GetValue<string>()).Should().Equal("text", "input_audio");
        content[1]!["input_audio"]!.ToJsonString().Should().Be(new JsonObject { ["data"] = Convert.ToBase64String(wav), ["format"] = "wav" }.ToJsonString());
        Logs(transcript).Should().Contain(l => l.StartsWith("Dropped attached media of type video/mp4", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_media_url_is_fetched_through_the_safe_downloader_and_inlined()
    {
        _files.MapFile("/photos/cat.png", "application/octet-stream", Png);
        await using var factory = Backend();

        var transcript = await factory.CreateClient().ConverseFormAsync(Ask, mediaUrls: [_files.BaseUrl + "/photos/cat.png?token=abc"]);

        transcript.Types.Should().NotContain("error");
        _upstream.LastMessageContent()![1]!.ToJsonString().Should().Be(ImagePart(DataUri("image/png", Png)).ToJsonString());
        _files.Requests.Should().Equal("/photos/cat.png?token=abc");
    }

    [Fact]
    public async Task This_servers_own_bucket_and_media_folder_urls_are_read_from_disk_never_fetched()
    {
        // No allowed networks: a fetch of this server's loopback origin would be refused with 400.
        var settings = BackendFactory.OpenAIProvider("Fake", _upstream.OpenAIBaseUrl);
        await using var factory = new BackendFactory(settings);
        var client = factory.CreateClient();
        await client.UploadJsonAsync(BucketUploads.BucketId, ("big.png", "image/png", BucketUploads.Png(800, 600, SKColors.Blue)));
        var thumbnail = await File.ReadAllBytesAsync(Path.Combine(factory.DataDirectory, "buckets", BucketUploads.BucketId, "thumbnail", "big.png"));
        const string Generated = "1755780000_flux+a_red_square_0011223344556677.png";
        Directory.CreateDirectory(Path.Combine(factory.DataDirectory, "media"));
        await File.WriteAllBytesAsync(Path.Combine(factory.DataDirectory, "media", Generated), Png);

        var transcript = await client.ConverseFormAsync(Ask, mediaUrls:
        [
            $"/files/{BucketUploads.BucketId}/media/big.png",
            $"http://localhost/files/{BucketUploads.BucketId}/media/big.png",
            $"/media/{Generated}?url=https%3A//img.example.com/a.png",
        ]);

        transcript.Types.Should().NotContain("error");
        _upstream.LastMessageContent()!.AsArray().Skip(1).Select(p => p!["image_url"]!["url"]!.GetValue<string>())
            .Should().Equal(DataUri("image/png", thumbnail), DataUri("image/png", thumbnail), DataUri("image/png", Png));
    }

    [Fact]
    public async Task Fetched_copies_of_missing_library_media_are_read_from_disk_for_their_url_only_and_never_stand_in_for_a_buckets_file()
    {
        var settings = BackendFactory.OpenAIProvider("Fake", _upstream.OpenAIBaseUrl);
        await using var factory = new BackendFactory(settings);
        var client = factory.CreateClient();
        const string Fetched = "1755780000_flux+a_cat_0011223344556677.png";
        var bucketCopy = G4F.Backend.Media.FetchedCopyKey.For("cat.png", "https://img.example.com/cat.png", BucketUploads.BucketId).Name;
        Directory.CreateDirectory(Path.Combine(factory.DataDirectory, "buckets", BucketUploads.BucketId));
        Directory.CreateDirectory(Path.Combine(factory.DataDirectory, ".fetched", "buckets", BucketUploads.BucketId));
        Directory.CreateDirectory(Path.Combine(factory.DataDirectory, ".fetched", "media"));
        await File.WriteAllBytesAsync(Path.Combine(factory.DataDirectory, ".fetched", "media", G4F.Backend.Media.FetchedCopyKey.For(Fetched, "https://img.example.com/a.png").Name), Png);
        await File.WriteAllBytesAsync(Path.Combine(factory.DataDirectory, ".fetched", "buckets", BucketUploads.BucketId, bucketCopy), Png);

        // A bucket's ?url= copy is served to a request for its URL, never as the bucket's own file (anyone may have fetched it);
        // a library name's copy only to a URL naming the same ?url= (whoever fetched it first chose that URL, not the name).
        var transcript = await client.ConverseFormAsync(Ask, mediaUrls:
        [
            $"/thumbnail/{Fetched}?url=https%3A//img.example.com/a.png",
            $"/files/{BucketUploads.BucketId}/media/cat.png?url=https%3A//img.example.com/cat.png",
            $"/media/{Fetched}",
            $"/media/{Fetched}?url=https%3A//img.example.com/other.png",
        ]);

        transcript.Types.Should().NotContain("error");
        _upstream.LastMessageContent()!.AsArray().Skip(1).Select(p => p!["image_url"]!["url"]!.GetValue<string>())
            .Should().Equal(DataUri("image/png", Png));
    }

    [Fact]
    public async Task Json_media_pairs_with_a_data_uri_are_attached_from_a_plain_json_body()
    {
        await using var factory = Backend();
        var wav = Wav(10);
        var body = $$"""
            {"provider":"Fake","messages":[{"role":"user","content":[{"type":"text","text":"Hear this"}]},{"role":"assistant","content":"Sure."},{"role":"user","content":"And see this"}],
             "media":[["{{DataUri("image/png", Png)}}","red.png"],["{{DataUri("audio/wav", wav)}}",null]]}
            """;

        var transcript = await factory.CreateClient().ConverseAsync(body);

        transcript.Types.Should().NotContain("error");
        _upstream.LastMessageContent()!.ToJsonString().Should().Be(new JsonArray(
            new JsonObject { ["type"] = "text", ["text"] = "And see this" },
            ImagePart(DataUri("image/png", Png)),
            new JsonObject { ["type"] = "input_audio", ["input_audio"] = new JsonObject { ["data"] = Convert.ToBase64String(wav), ["format"] = "wav" } }).ToJsonString());
    }

    [Fact]
    public async Task Form_media_replace_the_json_media()
    {
        _files.MapFile("/a.png", "image/png", Png);
        await using var factory = Backend();
        var json = $$"""{"provider":"Fake","messages":[{"role":"user","content":"Hi"}],"media":[["{{DataUri("audio/wav", Wav(10))}}",null]]}""";

        await factory.CreateClient().ConverseFormAsync(json, mediaUrls: [_files.BaseUrl + "/a.png"]);

        _upstream.LastMessageContent()!.AsArray().Select(p => p!["type"]!.GetValue<string>()).Should().Equal("text", "image_url");
    }

    [Fact]
    public async Task A_url_encoded_form_carries_json_and_media_url()
    {
        _files.MapFile("/a.png", "image/png", Png);
        await using var factory = Backend();
        using var content = new FormUrlEncodedContent(
        [
            new("json", """{"provider":"Fake","messages":[{"role":"user","content":"Hi"}]}"""),
            new("media_url", _files.BaseUrl + "/a.png"),
        ]);

        using var response = await factory.CreateClient().PostAsync(HttpClientExtensions.ConversationPath, content);

        response.StatusCode.Should().Be(System.Net.HttpStatusCode.OK);
        (await SseTranscript.ReadAsync(response)).Types.Should().NotContain("error");
        _upstream.LastMessageContent()![1]!.ToJsonString().Should().Be(ImagePart(DataUri("image/png", Png)).ToJsonString());
    }

    [Fact]
    public async Task Media_over_the_budget_are_dropped_with_a_note_and_the_turn_goes_on()
    {
        _files.MapFile("/big.png", "image/png", BucketUploads.Png(200, 200, SKColors.Green));
        var small = BucketUploads.Png(1, 1, SKColors.Black);
        await using var factory = Backend(("G4F:Buckets:MaxPromptMediaBytes", (Base64Length(small.Length) + 3).ToString(System.Globalization.CultureInfo.InvariantCulture)));

        var transcript = await factory.CreateClient().ConverseFormAsync(Ask, files: [("small.png", small), ("red.png", Png)], mediaUrls: [_files.BaseUrl + "/big.png"]);

        transcript.Types.Should().NotContain("error");
        _upstream.LastMessageContent()!.AsArray().Skip(1).Select(p => p!["image_url"]!["url"]!.GetValue<string>()).Should().Equal(DataUri("image/png", small));
        Logs(transcript).Where(l => l.Contains("MaxPromptMediaBytes", StringComparison.Ordinal)).Should().Equal(
            "Dropped attached file red.png: the request's media exceed G4F:Buckets:MaxPromptMediaBytes",
            $"Dropped attached media from 127.0.0.1: the request's media exceed G4F:Buckets:MaxPromptMediaBytes");
    }

    [Fact]
    public async Task An_ollama_upstream_receives_the_image_bytes_in_images()
    {
        await using var factory = new BackendFactory(new Dictionary<string, string?>
        {
            ["G4F:Providers:Local:Type"] = "Ollama",
            ["G4F:Providers:Local:BaseUrl"] = _upstream.BaseUrl,
        });

        await factory.CreateClient().ConverseFormAsync("""{"provider":"Local","model":"fake-model","messages":[{"role":"user","content":"What is this?"}]}""", files: [("red.png", Png)]);

        var message = _upstream.Requests.Single(r => r.Path == "/api/chat").JsonBody!["messages"]![0]!;
        message.ToJsonString().Should().Be(new JsonObject
        {
            ["role"] = "user",
            ["content"] = "What is this?",
            ["images"] = new JsonArray(Convert.ToBase64String(Png)),
        }.ToJsonString());
    }

    private static long Base64Length(long bytes) => (bytes + 2) / 3 * 4;
}
