using System.Text.Json.Nodes;
using G4F.Backend.Conversations;
using G4F.Backend.Core.Tests.Downloads;
using G4F.Backend.Events;
using G4F.Backend.Media;
using G4F.Backend.Providers;
using G4F.Backend.Testing;
using SkiaSharp;

namespace G4F.Backend.Core.Tests.Conversations;

/// <summary>
/// The media download step (PROTOCOL 7.2) with a real media library on a temp folder against a loopback file server:
/// the forms of 3.5, the 7.1 names, kept remote URLs and cancellation.
/// </summary>
public sealed class MediaDownloadStepTests : IAsyncLifetime
{
    private const string LastModified = "Wed, 21 Oct 2015 07:28:00 GMT";
    private const string Time = "1445412480";
    private static readonly byte[] NotDecodable = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A, 1, 2, 3, 4];

    private readonly DownloadHarness _harness = new(DownloadHarness.AllowLoopback);
    private FakeFileServer _server = null!;

    public async Task InitializeAsync()
    {
        _server = await FakeFileServer.StartAsync();
        _harness.Time.SetUtcNow(DateTimeOffset.FromUnixTimeSeconds(1755780000));
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _harness.Dispose();
    }

    private MediaDownloadStep Step => _harness.Get<MediaDownloadStep>();

    private string MediaFolder => Path.Combine(_harness.DataDirectory, "media");

    private static MediaDownloadContext Context(string mediaBase = "", string? model = "flux", string? aspectRatio = "16:9", string? resolution = null, string? prompt = "the prompt") =>
        new(mediaBase, model, aspectRatio, resolution, prompt);

    [Fact]
    public async Task A_png_becomes_the_html_anchor_with_its_size_and_a_thumbnail()
    {
        var source = Serve("/out/fox.png", "image/png", Png(640, 360));
        var name = $"{Time}_flux+16_9+a_red_fox_{Hash(source)}.png";
        var local = $"/media/{name}?url={Quoted(source)}";

        var result = await Step.RewriteAsync(MediaEvents.Images([source], "a red fox"), Context(), CancellationToken.None);

        result.Content.Should().Be(
            $"""<a href="{local}" data-src="{local}" data-width="640" data-height="360" data-source=""><img src="/thumbnail/{name}?url={Quoted(source)}" alt="a red fox" width="" height=""></a>""");
        result.Urls.Should().Equal(local);
        result.Alt.Should().Be("a red fox");
        File.ReadAllBytes(Path.Combine(MediaFolder, name)).Should().Equal(Png(640, 360));
        using var thumbnail = SKBitmap.Decode(Path.Combine(MediaFolder, "thumbnails", name));
        (thumbnail.Width, thumbnail.Height).Should().Be((400, 225));
    }

    [Fact]
    public async Task A_stored_file_that_does_not_decode_is_shown_as_markdown()
    {
        var source = Serve("/broken.png", "image/png", NotDecodable);
        var local = $"/media/{Time}_flux+16_9+a_fox_{Hash(source)}.png?url={Quoted(source)}";

        var result = await Step.RewriteAsync(MediaEvents.Images([source], "a fox"), Context(), CancellationToken.None);

        result.Content.Should().Be($"[![a fox]({local})]({local})");
        result.Urls.Should().Equal(local);
    }

    [Fact]
    public async Task Several_images_in_markdown_are_numbered_and_keep_their_order()
    {
        var first = Serve("/one.png", "image/png", NotDecodable);
        var second = Serve("/two.png", "image/png", [.. NotDecodable, 5]);

        var result = await Step.RewriteAsync(MediaEvents.Images([first, second], "two foxes"), Context(), CancellationToken.None);

        var (one, two) = ($"/media/{Time}_flux+16_9+two_foxes_{Hash(first)}.png?url={Quoted(first)}", $"/media/{Time}_flux+16_9+two_foxes_{Hash(second)}.png?url={Quoted(second)}");
        result.Content.Should().Be($"[![#1 two foxes]({one})]({one})\n[![#2 two foxes]({two})]({two})");
        result.Urls.Should().Equal(one, two);
    }

    [Fact]
    public async Task The_size_of_the_first_stored_image_makes_the_html_form_and_a_failed_one_stays_remote_in_it()
    {
        var missing = _server.BaseUrl + "/missing.png";
        var source = Serve("/cub.png", "image/png", Png(300, 400));
        var name = $"{Time}_flux+16_9+cubs_{Hash(source)}.png";
        var local = $"/media/{name}?url={Quoted(source)}";

        var result = await Step.RewriteAsync(MediaEvents.Images([missing, source], "cubs"), Context(), CancellationToken.None);

        result.Content.Should().Be(
            $"""<a href="{missing}" data-src="{missing}" data-width="300" data-height="400" data-source=""><img src="{missing}" alt="cubs" width="" height=""></a>""" + "\n"
            + $"""<a href="{local}" data-src="{local}" data-width="300" data-height="400" data-source=""><img src="/thumbnail/{name}?url={Quoted(source)}" alt="cubs" width="" height=""></a>""");
        result.Urls.Should().Equal(missing, local);
    }

    [Fact]
    public async Task A_video_becomes_a_video_element_of_the_local_url()
    {
        var source = Serve("/clip.mp4", "video/mp4", [0, 0, 0, 0x18, (byte)'f', (byte)'t', (byte)'y', (byte)'p']);
        var local = $"/media/{Time}_flux+16_9+a_running_fox_{Hash(source)}.mp4?url={Quoted(source)}";

        var result = await Step.RewriteAsync(MediaEvents.Videos([source], "a running fox"), Context(), CancellationToken.None);

        result.Content.Should().Be($"""<video src="{local}"></video>""");
        result.Urls.Should().Equal(local);
        result.Alt.Should().Be("a running fox");
    }

    [Fact]
    public async Task Audio_at_a_url_is_stored_and_played_from_the_local_url_keeping_its_transcript()
    {
        var source = Serve("/speech.mp3", "audio/mpeg", [.. "ID3"u8.ToArray(), 4, 0, 0]);
        var local = $"/media/{Time}_flux+16_9+the_prompt_{Hash(source)}.mp3?url={Quoted(source)}";

        var result = await Step.RewriteAsync(MediaEvents.Audio(source, "Hello there."), Context(), CancellationToken.None);

        result.Content.Should().Be($"""<audio controls src="{local}"></audio>""" + "\n\nHello there.");
        result.Data.Should().Be(local);
        result.Urls.Should().BeNull();
    }

    [Fact]
    public async Task Audio_in_a_data_uri_keeps_the_data_uri_and_an_element_without_source()
    {
        var uri = "data:audio/mpeg;base64," + Convert.ToBase64String([.. "ID3"u8.ToArray(), 4, 0, 0]);

        var result = await Step.RewriteAsync(MediaEvents.Audio(uri), Context(), CancellationToken.None);

        result.Content.Should().Be("<audio controls></audio>");
        result.Data.Should().Be(uri);
        Directory.Exists(MediaFolder).Should().BeFalse("the client plays the data URI itself");
    }

    [Fact]
    public async Task A_data_uri_image_is_stored_without_a_url_suffix()
    {
        var png = Png(64, 32);
        var uri = "data:image/png;base64," + Convert.ToBase64String(png);
        var name = $"1755780000_flux+16_9+a_dot_{Hash(uri)}.png";

        var result = await Step.RewriteAsync(MediaEvents.Images([uri], "a dot"), Context(), CancellationToken.None);

        result.Urls.Should().Equal($"/media/{name}");
        result.Content.Should().Be(
            $"""<a href="/media/{name}" data-src="/media/{name}" data-width="64" data-height="32" data-source=""><img src="/thumbnail/{name}" alt="a dot" width="" height=""></a>""");
        File.ReadAllBytes(Path.Combine(MediaFolder, name)).Should().Equal(png);
    }

    [Theory]
    [InlineData("http://169.254.169.254/latest/meta-data/a.png")]
    [InlineData("{base}/to-loopback")]
    [InlineData("{base}/missing.png")]
    [InlineData("{base}/page.png")]
    public async Task A_refused_or_failed_download_keeps_the_remote_url_and_logs_only_the_host(string url)
    {
        _server.MapRedirect("/to-loopback", $"http://127.0.0.2:{_server.Port}/secret.png?token=abc");
        _server.MapText("/page.png", "text/html", "<p>not an image</p>");
        var source = url.Replace("{base}", _server.BaseUrl, StringComparison.Ordinal);

        var result = await Step.RewriteAsync(MediaEvents.Images([source], "a fox"), Context(), CancellationToken.None);

        result.Content.Should().Be($"[![a fox]({source})]({source})");
        result.Urls.Should().Equal(source);
        Directory.Exists(MediaFolder).Should().BeFalse();
        var host = new Uri(source).Host;
        _harness.LogMessages.Should().ContainSingle(m => m.StartsWith($"Storing media from {host} failed", StringComparison.Ordinal))
            .And.OnlyContain(m => !m.Contains(new Uri(source).AbsolutePath, StringComparison.Ordinal) && !m.Contains("token", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Urls_of_this_server_are_kept_and_not_fetched()
    {
        var result = await Step.RewriteAsync(MediaEvents.Images(["/media/1_old_0123456789abcdef.png", "/files/b/media/cat.png"], "old"), Context(), CancellationToken.None);

        result.Urls.Should().Equal("/media/1_old_0123456789abcdef.png", "/files/b/media/cat.png");
        result.Content.Should().Be("[![#1 old](/media/1_old_0123456789abcdef.png)](/media/1_old_0123456789abcdef.png)\n[![#2 old](/files/b/media/cat.png)](/files/b/media/cat.png)");
        _server.Requests.Should().BeEmpty();
    }

    [Fact]
    public async Task Under_a_mount_prefix_media_and_thumbnail_urls_carry_it()
    {
        var source = Serve("/fox.png", "image/png", Png(20, 10));
        var name = $"{Time}_flux+16_9+fox_{Hash(source)}.png";

        var result = await Step.RewriteAsync(MediaEvents.Images([source], "fox"), Context(mediaBase: "/g4f"), CancellationToken.None);

        result.Urls.Should().Equal($"/g4f/media/{name}?url={Quoted(source)}");
        result.Content.Should().Contain($"""<img src="/g4f/thumbnail/{name}?url={Quoted(source)}" """);
    }

    [Theory]
    [InlineData("flux", "16:9", "hd", "a red fox", "flux+16_9+hd+a_red_fox")]
    [InlineData(null, null, null, "a red fox", "a_red_fox")]
    [InlineData("dall-e-3", "1:1", null, null, "dall-e-3+1_1")]
    public async Task Stored_names_carry_model_aspect_ratio_resolution_and_alt(string? model, string? aspectRatio, string? resolution, string? alt, string label)
    {
        var source = Serve("/pic.png", "image/png", NotDecodable);

        var result = await Step.RewriteAsync(MediaEvents.Images([source], alt), Context(model: model, aspectRatio: aspectRatio, resolution: resolution, prompt: null), CancellationToken.None);

        Directory.GetFiles(MediaFolder).Select(Path.GetFileName).Should().Equal($"{Time}_{label}_{Hash(source)}.png");
        result.Alt.Should().Be(alt);
    }

    [Fact]
    public async Task Cancellation_stops_the_download_and_stores_nothing()
    {
        var reached = _server.MapStall("/slow.png");
        using var cancel = new CancellationTokenSource();

        var rewrite = Step.RewriteAsync(MediaEvents.Images([_server.BaseUrl + "/slow.png"], "slow"), Context(), cancel.Token);
        await reached;
        await cancel.CancelAsync();

        await FluentActions.Awaiting(() => rewrite).Should().ThrowAsync<OperationCanceledException>();
        (Directory.Exists(MediaFolder) ? Directory.GetFiles(MediaFolder) : []).Should().BeEmpty();
    }

    [Fact]
    public async Task The_stream_step_rewrites_media_in_order_with_the_answering_model_and_the_last_user_message_as_alt()
    {
        var source = Serve("/a.png", "image/png", NotDecodable);
        var request = Request(downloadMedia: true);
        ResponseEvent[] events =
        [
            new ProviderEvent(new ProviderInfo("Fake", null, null, "flux-pro")),
            new ContentEvent("Here: "),
            MediaEvents.Images([source], null),
            new FinishEvent(new FinishReason("stop")),
        ];

        var output = await ToListAsync(EventSteps.RunAsync(ToAsync(events), TurnFor(request), [new UsageStep(), new MediaDownloadEventStep(Step)]));

        output.Should().HaveCount(4);
        output[0].Should().BeSameAs(events[0]);
        output[1].Should().BeSameAs(events[1]);
        output[3].Should().BeSameAs(events[3]);
        var media = output[2].Should().BeOfType<ContentEvent>().Subject;
        media.Alt.Should().Be("draw a fox");
        media.Urls.Should().Equal($"/media/{Time}_flux-pro+draw_a_fox_{Hash(source)}.png?url={Quoted(source)}");
    }

    [Fact]
    public async Task Without_download_media_the_stream_is_passed_through_untouched()
    {
        var source = Serve("/a.png", "image/png", NotDecodable);
        ResponseEvent[] events = [MediaEvents.Images([source], "a fox")];

        var output = await ToListAsync(EventSteps.RunAsync(ToAsync(events), TurnFor(Request(downloadMedia: false)), [new MediaDownloadEventStep(Step)]));

        output.Single().Should().BeSameAs(events[0]);
        _server.Requests.Should().BeEmpty();
    }

    // As the routing step prepares a turn: the download context only when the request asks for downloads.
    private static TurnContext TurnFor(ChatRequest request)
    {
        var turn = EventSteps.Turn(request);
        turn.MediaDownload = request.DownloadMedia ? MediaDownloadContext.For(request) : null;
        return turn;
    }

    private static ChatRequest Request(bool downloadMedia) => new()
    {
        Messages =
        [
            new JsonObject { ["role"] = "user", ["content"] = "earlier" },
            new JsonObject { ["role"] = "assistant", ["content"] = "ok" },
            new JsonObject { ["role"] = "user", ["content"] = new JsonArray(new JsonObject { ["type"] = "text", ["text"] = " draw a fox " }) },
        ],
        DownloadMedia = downloadMedia,
    };

    private string Serve(string path, string contentType, byte[] body)
    {
        _server.MapFile(path, contentType, body, headers: new Dictionary<string, string> { ["Last-Modified"] = LastModified });
        return _server.BaseUrl + path;
    }

    private static string Hash(string source) => MediaLibrary.NameFor(DateTimeOffset.UnixEpoch, [], null, source, string.Empty)[2..];

    // Python's quote(url): everything but letters, digits, "_.-~" and "/" percent-encoded.
    private static string Quoted(string url) => url.Replace(":", "%3A", StringComparison.Ordinal);

    private static byte[] Png(int width, int height)
    {
        using var bitmap = new SKBitmap(width, height);
        bitmap.Erase(SKColors.OrangeRed);
        using var data = bitmap.Encode(SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }

    private static async IAsyncEnumerable<ResponseEvent> ToAsync(IEnumerable<ResponseEvent> events)
    {
        foreach (var item in events)
        {
            await Task.Yield();
            yield return item;
        }
    }

    private static async Task<List<ResponseEvent>> ToListAsync(IAsyncEnumerable<ResponseEvent> events)
    {
        var list = new List<ResponseEvent>();
        await foreach (var item in events)
        {
            list.Add(item);
        }

        return list;
    }
}
