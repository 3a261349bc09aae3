using G4F.Backend.Media;

namespace G4F.Backend.Conversations;

/// <summary>
/// An image a turn generated and stored in the media library. Its bytes are read with
/// <see cref="ImageGenerationService.OpenAsync"/>; a host that serves the media route links <see cref="MediaPath"/>.
/// </summary>
public sealed class GeneratedImage
{
    internal GeneratedImage(string name, string? prompt)
    {
        Name = name;
        Prompt = prompt;
    }

    /// <summary>The stored media file name.</summary>
    public string Name { get; }

    /// <summary>The path of the file on the media route, <c>/media/&lt;escaped name&gt;</c>, relative to where the backend is mounted.</summary>
    public string MediaPath => MediaUrls.Local(string.Empty, "media", Name, source: null);

    /// <summary>The prompt it was drawn for (the media event's alt text, as g4f's API answers <c>revised_prompt</c>).</summary>
    public string? Prompt { get; }
}
