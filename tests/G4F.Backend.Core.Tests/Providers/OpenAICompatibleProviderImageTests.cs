using System.Text.Json.Nodes;
using G4F.Backend.Events;
using G4F.Backend.Providers;
using G4F.Backend.Testing;
using static G4F.Backend.Core.Tests.Providers.ProviderHarness;

namespace G4F.Backend.Core.Tests.Providers;

/// <summary>Image models of an OpenAI-compatible provider: <c>POST /images/generations</c>, one media event and <c>finish</c>.</summary>
public sealed class OpenAICompatibleProviderImageTests : IAsyncLifetime
{
    private const string Model = "dall-e-3";
    private static readonly byte[] Png = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A, 1, 2, 3, 4];
    private static readonly byte[] Jpeg = [0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10, (byte)'J', (byte)'F', (byte)'I', (byte)'F'];

    private ProviderHarness _harness = null!;

    private FakeUpstream Upstream => _harness.Upstream;

    public async Task InitializeAsync() => _harness = await StartAsync();

    public async Task DisposeAsync() => await _harness.DisposeAsync();

    [Fact]
    public async Task An_image_model_posts_the_prompt_and_yields_the_image_and_finish()
    {
        Upstream.ImageUrls = ["https://images.example/fox.png"];

        var events = await CollectAsync(Provider().StreamAsync(ImageRequest("a red fox", apiKey: "sk-image"), default));

        var sent = Upstream.Requests.Should().ContainSingle().Subject;
        (sent.Method, sent.Path).Should().Be(("POST", "/v1/images/generations"));
        sent.Headers["Authorization"].Should().Be("Bearer sk-image");
        JsonNode.DeepEquals(sent.JsonBody, JsonNode.Parse("""{"model":"dall-e-3","prompt":"a red fox","n":1}""")).Should().BeTrue(sent.Body);
        events.Should().HaveCount(2);
        var media = events[0].Should().BeOfType<ContentEvent>().Subject;
        media.Content.Should().Be("[![a red fox](https://images.example/fox.png)](https://images.example/fox.png)");
        media.Urls.Should().Equal("https://images.example/fox.png");
        media.Alt.Should().Be("a red fox");
        events[1].Should().Be(new FinishEvent(new FinishReason("stop")));
    }

    [Theory]
    [InlineData("16:9", "1792x1024")]
    [InlineData("1:1", "1024x1024")]
    [InlineData("9:16", "1024x1792")]
    public async Task The_aspect_ratio_reaches_the_upstream_as_the_mapped_size(string ratio, string size)
    {
        await CollectAsync(Provider().StreamAsync(ImageRequest("a fox") with { AspectRatio = ratio }, default));

        Upstream.Requests.Single().JsonBody!["size"]!.GetValue<string>().Should().Be(size);
    }

    [Fact]
    public async Task Configured_sizes_are_sent_instead_of_the_defaults()
    {
        var provider = Provider(o => o.ImageSizes.Landscape = "1536x1024");

        await CollectAsync(provider.StreamAsync(ImageRequest("a fox") with { AspectRatio = "3:2" }, default));

        Upstream.Requests.Single().JsonBody!["size"]!.GetValue<string>().Should().Be("1536x1024");
    }

    [Fact]
    public async Task The_request_prompt_wins_over_the_last_user_message()
    {
        var events = await CollectAsync(Provider().StreamAsync(ImageRequest("chat text") with { Prompt = "the raw prompt" }, default));

        Upstream.Requests.Single().JsonBody!["prompt"]!.GetValue<string>().Should().Be("the raw prompt");
        events[0].Should().BeOfType<ContentEvent>().Which.Alt.Should().Be("the raw prompt");
    }

    [Fact]
    public async Task Base64_images_become_data_uris_typed_by_their_bytes_then_by_the_output_format()
    {
        Upstream.ImageUrls = [];
        Upstream.ImageBytes = [Png, Jpeg, [1, 2, 3]];
        Upstream.ImageOutputFormat = "webp";

        var events = await CollectAsync(Provider().StreamAsync(ImageRequest("dots"), default));

        events[0].Should().BeOfType<ContentEvent>().Which.Urls.Should().Equal(
            "data:image/png;base64," + Convert.ToBase64String(Png),
            "data:image/jpeg;base64," + Convert.ToBase64String(Jpeg),
            "data:image/webp;base64,AQID");
    }

    [Theory]
    [InlineData(401, "MissingAuthError", true)]
    [InlineData(429, "RateLimitError", false)]
    [InlineData(400, "ResponseStatusError", false)]
    public async Task Upstream_errors_map_as_chat_errors_do(int status, string errorName, bool isAuthError)
    {
        Upstream.ImageReply = FakeReply.Status(status, """{"error":{"message":"no images for you"}}""");

        var (events, error) = await CollectUntilErrorAsync(Provider().StreamAsync(ImageRequest("a fox"), default));

        events.Should().BeEmpty();
        var failure = error.Should().BeOfType<ProviderException>().Subject;
        (failure.ErrorName, failure.IsAuthError, failure.Message).Should().Be((errorName, isAuthError, $"Response {status}: no images for you"));
    }

    [Theory]
    [InlineData("""{"data":[]}""")]
    [InlineData("""{"data":[{"revised_prompt":"x"}]}""")]
    [InlineData("""[]""")]
    public async Task An_answer_without_an_image_is_a_response_error(string body)
    {
        Upstream.ImageReply = FakeReply.Status(200, body);

        var (_, error) = await CollectUntilErrorAsync(Provider().StreamAsync(ImageRequest("a fox"), default));

        error.Should().BeOfType<ProviderException>().Which.ProtocolMessage.Should().Be("ResponseError: Fake answered without an image");
    }

    [Fact]
    public async Task Without_any_prompt_text_nothing_is_sent()
    {
        var request = Request(Model) with { Messages = [new JsonObject { ["role"] = "user", ["content"] = "  " }] };

        var (_, error) = await CollectUntilErrorAsync(Provider().StreamAsync(request, default));

        error.Should().BeOfType<ProviderException>().Which.ErrorName.Should().Be("ResponseError");
        Upstream.Requests.Should().BeEmpty();
    }

    [Fact]
    public async Task Other_models_of_the_provider_still_chat()
    {
        var events = await CollectAsync(Provider().StreamAsync(Request("fake-model"), default));

        Upstream.Requests.Single().Path.Should().Be("/v1/chat/completions");
        events.OfType<ContentEvent>().Select(e => e.Content).Should().Equal("Hello", " world");
    }

    private OpenAICompatibleProvider Provider(Action<ProviderOptions>? configure = null) => _harness.OpenAI(o =>
    {
        o.ImageModels.Add(Model);
        configure?.Invoke(o);
    });

    private static ChatRequest ImageRequest(string text, string? apiKey = null) =>
        Request(Model, apiKey) with { Messages = [new JsonObject { ["role"] = "user", ["content"] = text }] };
}
