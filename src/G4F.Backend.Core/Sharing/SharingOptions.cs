using G4F.Backend.Configuration;
namespace G4F.Backend.Sharing;

/// <summary>Limits of chat sharing (configuration <c>G4F:Sharing</c>).</summary>
public sealed class SharingOptions
{
    /// <summary>Largest accepted shared chat (the request body) in bytes; larger bodies get 413. Default 10 MiB.</summary>
    [Bounds(1, 2147483591, ErrorMessage = "G4F:Sharing:MaxChatBytes must be positive and at most 2147483591.")]
    public long MaxChatBytes { get; set; } = 10 * 1024 * 1024;
}
