using System.Text.Json.Nodes;
using G4F.Backend.AspNetCore.Tests.Infrastructure;
using G4F.Backend.Testing;
using SkiaSharp;

namespace G4F.Backend.AspNetCore.Tests.Buckets;

/// <summary>Bucket references in conversation messages reach the provider as text and images (PROTOCOL 3.2, 6.7).</summary>
public sealed class BucketConversationTests : IAsyncLifetime
{
    private const string Bucket = BucketUploads.BucketId;
    private FakeUpstream _upstream = null!;

    public async Task InitializeAsync() => _upstream = await FakeUpstream.StartAsync();

    public async Task DisposeAsync() => await _upstream.DisposeAsync();

    private BackendFactory Backend(int maxPromptChars = 200_000)
    {
        var settings = BackendFactory.OpenAIProvider("Fake", _upstream.OpenAIBaseUrl);
        settings["G4F:Buckets:MaxPromptChars"] = maxPromptChars.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return new BackendFactory(settings);
    }

    private JsonArray UpstreamContent() => _upstream.Requests.Single(r => r.Path.EndsWith("/chat/completions", StringComparison.Ordinal)).JsonBody!["messages"]![0]!["content"]!.AsArray();

    [Fact]
    public async Task A_bucket_part_expands_to_the_text_of_every_upload_even_if_the_bucket_was_never_read()
    {
        _upstream.Reply = FakeReply.Text("ok");
        await using var factory = Backend();
        var client = factory.CreateClient();
        await client.UploadJsonAsync(Bucket, BucketUploads.Text("notes.txt", "buy milk"));
        await client.UploadJsonAsync(Bucket, BucketUploads.Text("todo.txt", "call Ann"));

        var transcript = await client.ConverseAsync($$$"""
            {"provider":"Fake","messages":[{"role":"user","content":[{"bucket_id":"{{{Bucket}}}","url":"/backend-api/v2/files/{{{Bucket}}}"},{"type":"text","text":"Summarise."}]}]}
            """);

        transcript.Types.Should().NotContain("error");
        var content = UpstreamContent();
        content.Should().HaveCount(2);
        content[0]!["text"]!.GetValue<string>().Should().Be(
            "<!-- File: notes.txt.md -->\nbuy milk\n<-- End -->\n\n<!-- File: todo.txt.md -->\ncall Ann\n<-- End -->\n\n");
        content[1]!.ToJsonString().Should().Be("""{"type":"text","text":"Summarise."}""");
    }

    [Fact]
    public async Task The_bucket_text_is_cut_at_MaxPromptChars_and_the_cut_is_logged()
    {
        _upstream.Reply = FakeReply.Text("ok");
        await using var factory = Backend(maxPromptChars: 20);
        var client = factory.CreateClient();
        await client.UploadJsonAsync(Bucket, BucketUploads.Text("notes.txt", "buy milk and bread and eggs"));

        var transcript = await client.ConverseAsync($$$"""
            {"provider":"Fake","debug_mode":true,"messages":[{"role":"user","content":[{"bucket_id":"{{{Bucket}}}"}]}]}
            """);

        UpstreamContent()[0]!["text"]!.GetValue<string>().Should().Be("<!-- File: notes.txt");
        transcript.OfType("log").Select(e => e.GetProperty("log").GetString()).Should().Contain(l => l!.Contains("MaxPromptChars", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_missing_bucket_expands_to_no_text()
    {
        _upstream.Reply = FakeReply.Text("ok");
        await using var factory = Backend();

        await factory.CreateClient().ConverseAsync("""
            {"provider":"Fake","messages":[{"role":"user","content":[{"bucket_id":"no-such-bucket"},{"type":"text","text":"hi"}]}]}
            """);

        UpstreamContent().ToJsonString().Should().Be("""[{"type":"text","text":""},{"type":"text","text":"hi"}]""");
    }

    [Fact]
    public async Task An_uploaded_image_reaches_the_provider_as_its_thumbnail_data_uri_never_as_a_local_url()
    {
        _upstream.Reply = FakeReply.Text("a red square");
        await using var factory = Backend();
        var client = factory.CreateClient();
        await client.UploadJsonAsync(Bucket, ("red.png", "image/png", BucketUploads.Png(800, 600, SKColors.Red)));
        var thumbnail = await File.ReadAllBytesAsync(Path.Combine(factory.DataDirectory, "buckets", Bucket, "thumbnail", "red.png"));

        // The two forms the official client sends: the media entry and an image_url with the server's own URL.
        await client.ConverseAsync($$$"""
            {"provider":"Fake","messages":[{"role":"user","content":[
              {"bucket_id":"{{{Bucket}}}","name":"red.png","url":"/files/{{{Bucket}}}/media/red.png","width":800,"height":600},
              {"type":"image_url","image_url":{"url":"http://localhost/files/{{{Bucket}}}/media/red.png"}}]}]}
            """);

        var expected = "data:image/png;base64," + Convert.ToBase64String(thumbnail);
        UpstreamContent().Select(p => p!["image_url"]!["url"]!.GetValue<string>()).Should().Equal(expected, expected);
    }
}
