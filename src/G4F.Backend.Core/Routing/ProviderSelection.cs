using G4F.Backend.Providers;

namespace G4F.Backend.Routing;

/// <summary>The client-facing rules both the router and the model catalog apply.</summary>
internal static class ProviderSelection
{
    /// <summary>
    /// Whether the client switched the provider off. The client's toggles carry the family name
    /// (<c>parent || name</c>), so a provider is skipped when either its name or its parent is listed.
    /// </summary>
    public static bool IsIgnored(ProviderDescriptor descriptor, IEnumerable<string> ignored) =>
        ignored.Any(i => string.Equals(i, descriptor.Name, StringComparison.OrdinalIgnoreCase)
            || (descriptor.Parent is { } parent && string.Equals(i, parent, StringComparison.OrdinalIgnoreCase)));

    /// <summary>
    /// A key from the client, or null when the configured key applies: empty keys, session tokens
    /// (<c>g4f_</c>, <c>gfs_</c>) and any key when client keys are disabled never replace it.
    /// </summary>
    public static string? ClientKey(string? key, bool allowClientKeys) =>
        !allowClientKeys || string.IsNullOrWhiteSpace(key) || key.StartsWith("g4f_", StringComparison.Ordinal) || key.StartsWith("gfs_", StringComparison.Ordinal)
            ? null
            : key;
}
