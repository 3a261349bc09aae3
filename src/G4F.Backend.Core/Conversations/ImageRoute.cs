using G4F.Backend.Events;
using G4F.Backend.Providers;
using G4F.Backend.Requests;

namespace G4F.Backend.Conversations;

/// <summary>
/// Where an image request goes: the named provider, or automatic routing among the providers with the model among their
/// image models (every other provider ignored, so a chat model of the same name never answers with text). Without a
/// model, the first image model of the provider (or of the first provider that has one) is used.
/// </summary>
internal sealed record ImageRoute(string Model, string? Provider, IReadOnlyList<string> Ignored)
{
    public static (ImageRoute? Route, ImageGenerationResult? Refused) Choose(ImageGenerationRequest request, ProviderRegistry providers)
    {
        if (request.Provider is { } name)
        {
            if (providers.Find(name)?.Descriptor is not { } provider)
            {
                return (null, ImageGenerationResult.Refused(RequestRefusal.NotFound($"Provider with label '{name}' not found")));
            }

            if (provider.ImageModels.Count == 0)
            {
                return (null, ImageGenerationResult.Refused(RequestRefusal.Unsupported($"Provider '{provider.Name}' does not generate images")));
            }

            var model = request.Model is null ? provider.ImageModels[0] : provider.ImageModels.FirstOrDefault(m => Is(m, request.Model));
            return model is null
                ? (null, ModelNotFound($"Provider '{provider.Name}' has no image model '{request.Model}'"))
                : (new ImageRoute(model, provider.Name, []), null);
        }

        var all = providers.All.Select(p => p.Descriptor).ToList();
        var chosen = request.Model ?? all.SelectMany(p => p.ImageModels).FirstOrDefault();
        if (chosen is null)
        {
            return (null, ModelNotFound("No configured provider generates images"));
        }

        var ignored = all.Where(p => !p.ImageModels.Any(m => Is(m, chosen))).Select(p => p.Name).ToList();
        return ignored.Count == all.Count
            ? (null, ModelNotFound($"No provider generates images with model '{chosen}'"))
            : (new ImageRoute(chosen, null, ignored), null);
    }

    private static bool Is(string model, string requested) => string.Equals(model, requested, StringComparison.OrdinalIgnoreCase);

    // The error an upstream answers an unknown model with, so a host translates both alike.
    private static ImageGenerationResult ModelNotFound(string message) => ImageGenerationResult.Failed(new ErrorEvent("ModelNotFoundError", message));
}
