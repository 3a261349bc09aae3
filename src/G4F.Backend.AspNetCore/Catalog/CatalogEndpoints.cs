using System.Text.Json.Nodes;
using G4F.Backend.AspNetCore.Http;
using G4F.Backend.Providers;
using G4F.Backend.Routing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace G4F.Backend.AspNetCore.Catalog;

/// <summary><c>/models</c>, <c>/models/{provider}</c>, <c>/providers</c> and <c>/version</c> (PROTOCOL 2).</summary>
internal static class CatalogEndpoints
{
    public static void Map(IEndpointRouteBuilder api)
    {
        api.MapGet("/models", async (CatalogService catalog, CancellationToken cancellationToken) =>
        {
            var all = await catalog.GetAllModelIdsAsync(cancellationToken).ConfigureAwait(false);
            return TypedResults.Json(new Dictionary<string, IReadOnlyList<string>>(all), BackendJsonContext.Default.DictionaryStringIReadOnlyListString);
        });

        api.MapGet("/models/{provider}", async Task<IResult> (string provider, HttpRequest request, CatalogService catalog, CancellationToken cancellationToken) =>
        {
            var apiKey = request.Headers["x-api-key"].ToString();
            var ignoredText = request.Headers.TryGetValue("x-ignored", out var header) ? header.ToString() : request.Query["ignored"].ToString();
            var ignored = ignoredText.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            try
            {
                var models = await catalog.DescribeModelsAsync(provider, string.IsNullOrWhiteSpace(apiKey) ? null : apiKey, ignored, cancellationToken).ConfigureAwait(false);
                return TypedResults.Json(models.Select(ToEntry).ToList(), BackendJsonContext.Default.ListModelEntry);
            }
            catch (ProviderNotFoundException)
            {
                // The original answers an unknown provider with an empty list; the client caches whatever
                // comes back as the provider's models, and an error object breaks its model filter.
                return TypedResults.Json(new List<ModelEntry>(), BackendJsonContext.Default.ListModelEntry);
            }
            catch (ProviderException ex)
            {
                return ErrorResults.Error(FailureStatuses.OfCatalog(FailureClassification.Of(ex)), ex.ProtocolMessage);
            }
        });

        api.MapGet("/providers", (CatalogService catalog) =>
            TypedResults.Json(catalog.GetProviders().Select(p => ToEntry(p.Descriptor, p.SuccessCount)).ToList(), BackendJsonContext.Default.ListProviderEntry));

        api.MapGet("/version", async (CatalogService catalog, CancellationToken cancellationToken) =>
        {
            var latest = await catalog.GetLatestVersionAsync(cancellationToken).ConfigureAwait(false);
            return TypedResults.Json(new VersionInfo(catalog.CurrentVersion, latest), BackendJsonContext.Default.VersionInfo);
        });

        MapWrongMethods(api);
    }

    private static void MapWrongMethods(IEndpointRouteBuilder api)
    {
        foreach (var pattern in (ReadOnlySpan<string>)["/models", "/models/{provider}", "/providers", "/version"])
        {
            api.MapMethodNotAllowed(pattern, HttpMethods.Get);
        }
    }

    private static ModelEntry ToEntry(ModelInfo model)
    {
        var type = model.Image ? "image" : model.Video ? "video" : "chat";
        List<string> tags = [];
        if (model.Image)
        {
            tags.Add("image");
        }

        if (model.Video)
        {
            tags.Add("video");
        }

        if (model.Vision)
        {
            tags.Add("vision");
        }

        if (model.Audio)
        {
            tags.Add("audio");
        }

        JsonNode count = model.ProviderCount is { } n ? JsonValue.Create(n) : JsonValue.Create(false);
        return new ModelEntry(model.Id, model.Id, type, model.IsDefault, model.Vision, model.Audio, model.Video, model.Image, count, tags);
    }

    private static ProviderEntry ToEntry(ProviderDescriptor d, int live) => new(
        d.Name,
        d.Label,
        d.Parent,
        d.ImageModels.Count,
        d.AudioModels.Count,
        d.VideoModels.Count,
        d.VisionModels.Count > 0,
        NoDriver: false,
        HfSpace: false,
        d.ActiveByDefault,
        d.RequiresAuth,
        d.LoginUrl,
        d.Url,
        live,
        Login: false);
}
