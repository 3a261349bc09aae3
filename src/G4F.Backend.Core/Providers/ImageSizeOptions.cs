namespace G4F.Backend.Providers;

/// <summary>
/// The <c>size</c> an OpenAI-compatible image model is asked for, chosen by the shape of the request's
/// <c>aspect_ratio</c> (configuration <c>G4F:Providers:&lt;Name&gt;:ImageSizes</c>). The defaults are the sizes of
/// DALL-E 3; set e.g. <c>1536x1024</c>/<c>1024x1536</c> for gpt-image-1. An empty value sends no <c>size</c> (the
/// upstream's default), as does a request without an aspect ratio.
/// </summary>
public sealed class ImageSizeOptions
{
    /// <summary>For a square ratio such as <c>1:1</c>. Default <c>1024x1024</c>.</summary>
    public string? Square { get; set; } = "1024x1024";

    /// <summary>For a ratio wider than high such as <c>16:9</c>. Default <c>1792x1024</c>.</summary>
    public string? Landscape { get; set; } = "1792x1024";

    /// <summary>For a ratio higher than wide such as <c>9:16</c>. Default <c>1024x1792</c>.</summary>
    public string? Portrait { get; set; } = "1024x1792";
}
