using G4F.Backend.Providers;

namespace G4F.Backend.Routing;

/// <summary>Describes models with the capability flags configured for their provider.</summary>
internal static class ModelDescriptions
{
    /// <summary>
    /// The ids a provider offers: the listed ones, then configured capability models and the default
    /// that the listing lacks (an upstream may not list its image models), without duplicates.
    /// </summary>
    public static IReadOnlyList<string> AllIds(ProviderDescriptor descriptor, IReadOnlyList<string> listed)
    {
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var ids = new List<string>(listed.Count);
        IEnumerable<string> extra = descriptor.DefaultModel is { } d ? [d] : [];
        foreach (var id in listed.Concat(extra).Concat(descriptor.VisionModels).Concat(descriptor.ImageModels).Concat(descriptor.AudioModels).Concat(descriptor.VideoModels))
        {
            if (!string.IsNullOrWhiteSpace(id) && seen.Add(id))
            {
                ids.Add(id);
            }
        }

        return ids;
    }

    /// <summary>One named provider's models; the default is the configured one, else the first.</summary>
    public static IReadOnlyList<ModelInfo> ForProvider(ProviderDescriptor descriptor, IReadOnlyList<string> listed)
    {
        var ids = AllIds(descriptor, listed);
        var defaultId = descriptor.DefaultModel ?? (ids.Count > 0 ? ids[0] : null);
        return [.. ids.Select(id => Describe(descriptor, id, string.Equals(id, defaultId, StringComparison.OrdinalIgnoreCase), null))];
    }

    /// <summary>The union over providers (in routing order) with the number of providers serving each model.</summary>
    public static IReadOnlyList<ModelInfo> ForAutomatic(IReadOnlyList<(ProviderDescriptor Descriptor, IReadOnlyList<string> Listed)> providers)
    {
        var order = new List<string>();
        var merged = new Dictionary<string, ModelInfo>(StringComparer.OrdinalIgnoreCase);
        foreach (var (descriptor, listed) in providers)
        {
            foreach (var id in AllIds(descriptor, listed))
            {
                var info = Describe(descriptor, id, false, 1);
                if (merged.TryGetValue(id, out var known))
                {
                    merged[id] = known with
                    {
                        Vision = known.Vision || info.Vision,
                        Audio = known.Audio || info.Audio,
                        Video = known.Video || info.Video,
                        Image = known.Image || info.Image,
                        ProviderCount = known.ProviderCount + 1,
                    };
                }
                else
                {
                    order.Add(id);
                    merged[id] = info;
                }
            }
        }

        // First, as in the original: "default" lets the router choose each provider's default model.
        var automatic = new ModelInfo("default", IsDefault: true, Vision: false, Audio: false, Video: false, Image: false, providers.Count);
        return [automatic, .. order.Select(id => merged[id])];
    }

    private static ModelInfo Describe(ProviderDescriptor descriptor, string id, bool isDefault, int? count) => new(
        id,
        isDefault,
        Contains(descriptor.VisionModels, id),
        Contains(descriptor.AudioModels, id),
        Contains(descriptor.VideoModels, id),
        Contains(descriptor.ImageModels, id),
        count);

    private static bool Contains(IReadOnlyList<string> list, string id) => list.Contains(id, StringComparer.OrdinalIgnoreCase);
}
