using G4F.Backend.Configuration;
namespace G4F.Backend.Conversations;

/// <summary>The conversation turn's own settings, which sit at the root of <c>G4F</c> (see <see cref="G4FBackendOptions"/>).</summary>
internal sealed class ConversationOptions
{
    /// <summary>Default of <see cref="MaxRequestJsonValues"/>; see <see cref="G4FBackendOptions.MaxRequestJsonValues"/>.</summary>
    public const int DefaultMaxRequestJsonValues = 200_000;

    [Bounds(1, long.MaxValue, ErrorMessage = "G4F:MaxRequestBodyBytes must be positive.")]
    public long MaxRequestBodyBytes { get; init; } = 16 * 1024 * 1024;

    [Bounds(1, int.MaxValue, ErrorMessage = "G4F:MaxRequestJsonValues must be between 1 and 2147483647.")]
    public int MaxRequestJsonValues { get; init; } = DefaultMaxRequestJsonValues;

    [Bounds(0, 1000, ErrorMessage = "G4F:MaxAttachedMedia must be between 0 and 1000.")]
    public int MaxAttachedMedia { get; init; } = 16;

    public bool EnableDebugLogEvents { get; init; } = true;
}
