using G4F.Backend.Conversations;
using G4F.Backend.Events;
using G4F.Backend.Requests;
using G4F.Backend.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using SkiaSharp;

namespace G4F.Backend.Core.Tests.Conversations;

/// <summary>
/// Images from Core alone, as a console or worker host generates them (<see cref="ImageGenerationService"/>): a fake
/// OpenAI image upstream over real HTTP on 127.0.0.1, the real pipeline and media store in a temporary data directory.
/// </summary>
public sealed class ImageGenerationServiceTests : IAsyncLifetime
{
    private const string Model = "dall-e-3";
    private static readonly byte[] Picture = Png(64, 36);
    private static readonly byte[] Inline = Png(20, 20);

    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "g4f-tests", Guid.NewGuid().ToString("N"));
    private FakeUpstream _upstream = null!;
    private FakeFileServer _files = null!;

    public async Task InitializeAsync()
    {
        _upstream = await FakeUpstream.StartAsync();
        _files = await FakeFileServer.StartAsync();
        _files.MapFile("/out/fox.png", "image/png", Picture);
        _upstream.ImageUrls = [_files.BaseUrl + "/out/fox.png"];
    }

    public async Task DisposeAsync()
    {
        await _files.DisposeAsync();
        await _upstream.DisposeAsync();
        if (Directory.Exists(_dataDirectory))
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
    }

    [Fact]
    public async Task A_console_host_gets_the_image_of_a_url_answer_stored_with_its_media_path_and_bytes()
    {
        await using var host = ConsoleHost();
        var images = host.GetRequiredService<ImageGenerationService>();

        var result = await images.GenerateAsync(new ImageGenerationRequest("a red fox in snow") { Size = "512x512" }, TurnInput.None);

        result.Succeeded.Should().BeTrue();
        var image = result.Images.Should().ContainSingle().Subject;
        image.Prompt.Should().Be("a red fox in snow");
        image.Name.Should().EndWith(".png").And.Contain("512x512", "the size tags the stored file name");
        image.MediaPath.Should().StartWith("/media/").And.EndWith(".png").And.NotContain(" ");
        (await BytesAsync(images, image)).Should().Equal(Picture);
        _upstream.Requests.Should().ContainSingle(r => r.Path == "/v1/images/generations")
            .Which.JsonBody!.ToJsonString().Should().Be("""{"model":"dall-e-3","prompt":"a red fox in snow","n":1,"size":"512x512"}""");
    }

    [Fact]
    public async Task N_images_of_a_base64_answer_are_n_turns_each_stored()
    {
        _upstream.ImageUrls = [];
        _upstream.ImageBytes = [Inline];
        await using var host = ConsoleHost();
        var images = host.GetRequiredService<ImageGenerationService>();

        var result = await images.GenerateAsync(new ImageGenerationRequest("a small square") { Model = Model, Count = 3 }, TurnInput.None);

        result.Succeeded.Should().BeTrue();
        result.Images.Should().HaveCount(3);
        foreach (var image in result.Images)
        {
            image.Prompt.Should().Be("a small square");
            (await BytesAsync(images, image)).Should().Equal(Inline);
        }

        _upstream.Requests.Count(r => r.Path == "/v1/images/generations").Should().Be(3, "each image is one upstream call");
    }

    [Theory]
    [InlineData("Nope", null, RefusalKind.NotFound)]
    [InlineData("Chat", null, RefusalKind.Unsupported)]
    public async Task A_provider_that_is_unknown_or_draws_nothing_is_refused_before_any_upstream_call(string provider, string? model, RefusalKind kind)
    {
        await using var host = ConsoleHost();

        var result = await host.GetRequiredService<ImageGenerationService>().GenerateAsync(
            new ImageGenerationRequest("a fox") { Provider = provider, Model = model }, TurnInput.None);

        result.Refusal!.Kind.Should().Be(kind);
        result.Images.Should().BeEmpty();
        _upstream.Requests.Should().NotContain(r => r.Path.EndsWith("/images/generations", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(null, "no-such-model")]
    [InlineData(null, "gpt-chat")]
    [InlineData("Images", "gpt-chat")]
    public async Task A_model_no_provider_draws_with_fails_as_an_upstream_would_say_it(string? provider, string model)
    {
        await using var host = ConsoleHost();

        var result = await host.GetRequiredService<ImageGenerationService>().GenerateAsync(
            new ImageGenerationRequest("a fox") { Provider = provider, Model = model }, TurnInput.None);

        result.Failure.Should().BeOfType<ErrorEvent>().Which.Error.Should().Be("ModelNotFoundError");
        _upstream.Requests.Should().NotContain(r => r.Path.EndsWith("/images/generations", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_upstream_that_rejects_the_key_fails_with_the_turns_auth_event()
    {
        _upstream.ImageReply = FakeReply.Status(401, """{"error":{"message":"no"}}""");
        await using var host = ConsoleHost();

        var result = await host.GetRequiredService<ImageGenerationService>().GenerateAsync(new ImageGenerationRequest("a fox") { Count = 2 }, TurnInput.None);

        result.Failure.Should().BeOfType<AuthEvent>();
        result.Images.Should().BeEmpty();
    }

    [Fact]
    public async Task An_image_that_cannot_be_stored_is_a_media_error_never_a_remote_link()
    {
        _upstream.ImageUrls = ["https://images.example/generated.png"];
        await using var host = ConsoleHost();

        var result = await host.GetRequiredService<ImageGenerationService>().GenerateAsync(new ImageGenerationRequest("a fox"), TurnInput.None);

        result.Failure.Should().BeOfType<ErrorEvent>().Which.Error.Should().Be("MediaError");
    }

    /// <summary>A host without ASP.NET: a service collection, <c>AddG4FBackend</c> bound to configuration.</summary>
    private ServiceProvider ConsoleHost()
    {
        var settings = new Dictionary<string, string?>
        {
            ["G4F:DataDirectory"] = _dataDirectory,
            ["G4F:LatestVersionUrl"] = string.Empty,
            ["G4F:Downloads:AllowedNetworks:0"] = "127.0.0.1/32",
            ["G4F:Providers:Chat:Type"] = "OpenAICompatible",
            ["G4F:Providers:Chat:BaseUrl"] = "http://127.0.0.1:9/v1",
            ["G4F:Providers:Chat:Priority"] = "0",
            ["G4F:Providers:Chat:Models:0"] = "gpt-chat",
            ["G4F:Providers:Images:Type"] = "OpenAICompatible",
            ["G4F:Providers:Images:BaseUrl"] = _upstream.OpenAIBaseUrl,
            ["G4F:Providers:Images:ApiKey"] = "sk-images-0000",
            ["G4F:Providers:Images:Priority"] = "1",
            ["G4F:Providers:Images:ImageModels:0"] = Model,
        };
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddG4FBackend(configuration.GetSection("G4F"));
        return services.BuildServiceProvider();
    }

    private static async Task<byte[]> BytesAsync(ImageGenerationService images, GeneratedImage image)
    {
        var opened = await images.OpenAsync(image);
        opened.IsRefused.Should().BeFalse();
        await using var blob = opened.Value!.Blob;
        using var copy = new MemoryStream();
        await blob.Content.CopyToAsync(copy);
        return copy.ToArray();
    }

    private static byte[] Png(int width, int height)
    {
        using var bitmap = new SKBitmap(width, height);
        bitmap.Erase(SKColors.OrangeRed);
        using var data = bitmap.Encode(SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }
}
