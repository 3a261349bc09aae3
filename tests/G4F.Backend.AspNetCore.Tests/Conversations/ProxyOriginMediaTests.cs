using System.Text.Json.Nodes;
using G4F.Backend.AspNetCore.Tests.Buckets;
using G4F.Backend.AspNetCore.Tests.Infrastructure;
using G4F.Backend.Testing;
using SkiaSharp;
using static G4F.Backend.AspNetCore.Tests.Conversations.AttachedMedia;

namespace G4F.Backend.AspNetCore.Tests.Conversations;

/// <summary>
/// Behind a TLS-terminating proxy the official client builds its bucket and media URLs from the https page origin
/// (<c>${framework.backendUrl}/files/&lt;id&gt;/media/&lt;name&gt;</c>) while the request reaches the server as http. Such
/// URLs still name this server's own files: read from storage, never passed on or fetched (the original reads bucket
/// media locally whatever the url, g4f/tools/media.py render_part). The test host answers at <c>http://localhost</c>.
/// </summary>
public sealed class ProxyOriginMediaTests : IAsyncLifetime
{
    private const string Bucket = BucketUploads.BucketId;
    private const string Generated = "1755780000_flux+a_red_square_0011223344556677.png";
    private static readonly byte[] Png = BucketUploads.Png(3, 2, SKColors.Red);

    private FakeUpstream _upstream = null!;
    private FakeFileServer _files = null!;

    public async Task InitializeAsync()
    {
        _upstream = await FakeUpstream.StartAsync();
        _upstream.Reply = FakeReply.Text("ok");
        _files = await FakeFileServer.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _files.DisposeAsync();
        await _upstream.DisposeAsync();
    }

    // No allowed networks: a fetch of this server's own loopback address would be refused with 400.
    private BackendFactory Backend(params (string Key, string? Value)[] extra)
    {
        var settings = BackendFactory.OpenAIProvider("Fake", _upstream.OpenAIBaseUrl);
        foreach (var (key, value) in extra)
        {
            settings[key] = value;
        }

        return new BackendFactory(settings);
    }

    private static async Task PlantMediaAsync(BackendFactory factory, byte[] bytes)
    {
        Directory.CreateDirectory(Path.Combine(factory.DataDirectory, "media"));
        await File.WriteAllBytesAsync(Path.Combine(factory.DataDirectory, "media", Generated), bytes);
    }

    [Fact]
    public async Task Bucket_mp3_named_by_the_https_origin_the_client_sees_reaches_the_provider_as_input_audio()
    {
        await using var factory = Backend();
        var client = factory.CreateClient();
        byte[] mp3 = [0x49, 0x44, 0x33, 0x04, 0, 0, 0, 0, 0, 0, 0xFF, 0xFB, 0x90, 0x64, .. new byte[400]];
        (await client.UploadJsonAsync(Bucket, ("voice.mp3", "audio/mpeg", mp3))).Should().Contain("voice.mp3");

        // Exactly what chat.v1.js upload_files() puts in the message when the page is https://localhost (TLS proxy).
        await client.ConverseAsync($$$"""
            {"provider":"Fake","messages":[{"role":"user","content":[
              {"bucket_id":"{{{Bucket}}}","url":"https://localhost/files/{{{Bucket}}}/media/voice.mp3","name":"voice.mp3"},
              {"type":"text","text":"What do I say?"}]}]}
            """);

        var content = _upstream.LastMessageContent()!.AsArray();
        content.Select(p => p!["type"]!.GetValue<string>()).Should().Equal("input_audio", "text");
        content[0]!["input_audio"]!.ToJsonString().Should().Be(new JsonObject { ["data"] = Convert.ToBase64String(mp3), ["format"] = "mp3" }.ToJsonString());
    }

    [Fact]
    public async Task A_bucket_image_named_by_the_https_origin_reaches_the_provider_as_data_read_from_storage()
    {
        await using var factory = Backend();
        var client = factory.CreateClient();
        await client.UploadJsonAsync(Bucket, ("big.png", "image/png", BucketUploads.Png(800, 600, SKColors.Blue)));
        var thumbnail = await File.ReadAllBytesAsync(Path.Combine(factory.DataDirectory, "buckets", Bucket, "thumbnail", "big.png"));

        // The client's bucket part, and the same file as an image_url part.
        await client.ConverseAsync($$$"""
            {"provider":"Fake","messages":[{"role":"user","content":[
              {"bucket_id":"{{{Bucket}}}","url":"https://localhost/files/{{{Bucket}}}/media/big.png","name":"big.png"},
              {"type":"image_url","image_url":{"url":"https://localhost/files/{{{Bucket}}}/media/big.png"}},
              {"type":"text","text":"What is it?"}]}]}
            """);

        _upstream.LastMessageContent()!.AsArray().Take(2).Select(p => p!["image_url"]!["url"]!.GetValue<string>())
            .Should().Equal(DataUri("image/png", thumbnail), DataUri("image/png", thumbnail));
    }

    [Fact]
    public async Task A_media_url_naming_this_servers_media_file_by_the_https_origin_is_read_from_storage_without_a_fetch()
    {
        await using var factory = Backend();
        await PlantMediaAsync(factory, Png);

        var transcript = await factory.CreateClient().ConverseFormAsync(
            """{"provider":"Fake","messages":[{"role":"user","content":"What is this?"}]}""",
            mediaUrls: [$"https://localhost/media/{Generated}"]);

        transcript.Types.Should().NotContain("error");
        _upstream.LastMessageContent()![1]!.ToJsonString().Should().Be(ImagePart(DataUri("image/png", Png)).ToJsonString());
    }

    [Fact]
    public async Task Urls_of_another_host_or_port_stay_foreign()
    {
        // Unchanged behaviour: only the request's own host and port are this server, whatever the scheme.
        var fetched = BucketUploads.Png(2, 2, SKColors.Green);
        _files.MapFile($"/media/{Generated}", "image/png", fetched);
        await using var factory = Backend(("G4F:Downloads:AllowedNetworks:0", "127.0.0.1/32"));
        var client = factory.CreateClient();
        await client.UploadJsonAsync(Bucket, ("big.png", "image/png", BucketUploads.Png(800, 600, SKColors.Blue)));
        await PlantMediaAsync(factory, Png);

        var transcript = await client.ConverseFormAsync(
            $$$"""
            {"provider":"Fake","messages":[{"role":"user","content":[
              {"type":"image_url","image_url":{"url":"https://other.example/files/{{{Bucket}}}/media/big.png"}},
              {"type":"image_url","image_url":{"url":"https://localhost:8443/files/{{{Bucket}}}/media/big.png"}}]}]}
            """,
            mediaUrls: [$"{_files.BaseUrl}/media/{Generated}"]);

        transcript.Types.Should().NotContain("error");
        _upstream.LastMessageContent()!.AsArray().Select(p => p!["image_url"]!["url"]!.GetValue<string>()).Should().Equal(
            $"https://other.example/files/{Bucket}/media/big.png",
            $"https://localhost:8443/files/{Bucket}/media/big.png",
            DataUri("image/png", fetched));
        _files.Requests.Should().Equal($"/media/{Generated}");
    }
}
