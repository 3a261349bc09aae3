using G4F.Backend.Routing;
using Microsoft.AspNetCore.Http;

namespace G4F.Backend.AspNetCore.OpenAI;

/// <summary>
/// Where an image request goes: the named provider, or automatic routing among the providers with the model among their
/// image models (every other provider ignored, so a chat model of the same name never answers with text). Without a
/// model, the first image model of the provider (or of the first provider that has one) is used.
/// </summary>
internal sealed record ImageRoute(string Model, string? Provider, IReadOnlyList<string> Ignored)
{
    public static (ImageRoute? Route, OpenAIFailure? Failure) Choose(ImageGenerationRequest request, CatalogService catalog)
    {
        if (request.Provider is { } name)
        {
            if (catalog.FindProvider(name) is not { } provider)
            {
                return (null, new(StatusCodes.Status404NotFound, $"Provider with label '{name}' not found", "invalid_request_error", "provider_not_found"));
            }

            if (provider.ImageModels.Count == 0)
            {
                return (null, OpenAIFailure.BadRequest($"Provider '{provider.Name}' does not generate images", "unsupported_provider"));
            }

            var model = request.Model is null ? provider.ImageModels[0] : provider.ImageModels.FirstOrDefault(m => Is(m, request.Model));
            return model is null
                ? (null, ModelNotFound($"Provider '{provider.Name}' has no image model '{request.Model}'"))
                : (new ImageRoute(model, provider.Name, []), null);
        }

        var providers = catalog.GetProviders().Select(p => p.Descriptor).ToList();
        var chosen = request.Model ?? providers.SelectMany(p => p.ImageModels).FirstOrDefault();
        if (chosen is null)
        {
            return (null, ModelNotFound("No configured provider generates images"));
        }

        var ignored = providers.Where(p => !p.ImageModels.Any(m => Is(m, chosen))).Select(p => p.Name).ToList();
        return ignored.Count == providers.Count
            ? (null, ModelNotFound($"No provider generates images with model '{chosen}'"))
            : (new ImageRoute(chosen, null, ignored), null);
    }

    private static bool Is(string model, string requested) => string.Equals(model, requested, StringComparison.OrdinalIgnoreCase);

    private static OpenAIFailure ModelNotFound(string message) => new(StatusCodes.Status404NotFound, message, "invalid_request_error", "model_not_found");
}
