using G4F.Backend.Core.Tests.Configuration;
using G4F.Backend.Providers;

namespace G4F.Backend.Core.Tests.Providers;

/// <summary>The image size an aspect ratio asks an OpenAI-compatible image model for.</summary>
public sealed class ImageSizeMappingTests
{
    [Theory]
    [InlineData("1:1", "1024x1024")]
    [InlineData("16:9", "1792x1024")]
    [InlineData("4:3", "1792x1024")]
    [InlineData("1.91:1", "1792x1024")]
    [InlineData("9:16", "1024x1792")]
    [InlineData(" 3 : 4 ", "1024x1792")]
    [InlineData("16x9", "1792x1024")]
    [InlineData(null, null)]
    [InlineData("", null)]
    [InlineData("auto", null)]
    [InlineData("0:1", null)]
    [InlineData("16:9:1", null)]
    public void The_shape_of_the_ratio_picks_the_default_size(string? ratio, string? size) =>
        ImageSizeMapping.SizeFor(ratio, new ImageSizeOptions()).Should().Be(size);

    [Fact]
    public void Configured_sizes_replace_the_defaults_and_an_empty_one_sends_none()
    {
        var sizes = new ImageSizeOptions { Landscape = "1536x1024", Portrait = "" };

        ImageSizeMapping.SizeFor("16:9", sizes).Should().Be("1536x1024");
        ImageSizeMapping.SizeFor("9:16", sizes).Should().BeNull();
    }

    [Theory]
    [InlineData("1024x1024", true)]
    [InlineData("auto", true)]
    [InlineData("1024X1024", false)]
    [InlineData("1024", false)]
    [InlineData("0x10", false)]
    [InlineData("-1x10", false)]
    [InlineData("big", false)]
    public void Sizes_are_validated(string size, bool valid) => ImageSizeMapping.IsValidSize(size).Should().Be(valid);

    [Fact]
    public void A_bad_configured_size_fails_the_host_at_start_naming_the_key()
    {
        var options = new G4FBackendOptions();
        options.Providers["Images"] = new ProviderOptions { BaseUrl = "https://api.example/v1", ImageSizes = new ImageSizeOptions { Portrait = "tall" } };

        var result = StartupValidation.Run(options);

        result.Failures.Should().ContainSingle().Which.Should().Be("G4F:Providers:Images:ImageSizes:Portrait must be empty, 'auto' or WIDTHxHEIGHT such as 1024x1024, not 'tall'.");
    }
}
