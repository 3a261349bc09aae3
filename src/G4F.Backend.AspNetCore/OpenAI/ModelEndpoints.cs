using G4F.Backend.Routing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace G4F.Backend.AspNetCore.OpenAI;

/// <summary>
/// <c>GET /models</c>: every model the router can reach, each once, owned by the first provider (routing order) serving
/// it; <c>GET /models/{id}</c>: one of them, the same card (what the SDKs' <c>GetModel</c> and <c>models.retrieve</c> ask).
/// </summary>
internal static class ModelEndpoints
{
    public static void Map(IEndpointRouteBuilder group)
    {
        group.MapGet("/models", async (CatalogService catalog, CancellationToken cancellationToken) =>
            TypedResults.Json(new ModelList(await CardsAsync(catalog, cancellationToken).ConfigureAwait(false)), OpenAIJsonContext.Default.ModelList))
            .WithName("OpenAIListModels")
            .WithSummary("Every routable model, in OpenAI's list shape.")
            .WithTags("OpenAI")
            // TypedResults.Json adds no response metadata: without this the document describes an empty 200.
            .Produces<ModelList>(StatusCodes.Status200OK);

        // A catch-all: ids hold slashes (meta-llama/llama-3) and dots (gpt-4.1).
        group.MapGet("/models/{**id}", async (string? id, CatalogService catalog, CancellationToken cancellationToken) =>
        {
            // A client that escapes the id as one path segment (the .NET SDK) sends its slashes as %2F, which the server
            // leaves encoded in the path; one that does not (the Python SDK) sends them as they are.
            var model = (id ?? string.Empty).Replace("%2F", "/", StringComparison.OrdinalIgnoreCase);
            var cards = await CardsAsync(catalog, cancellationToken).ConfigureAwait(false);
            return cards.FirstOrDefault(c => string.Equals(c.Id, model, StringComparison.Ordinal)) is { } card
                ? TypedResults.Json(card, OpenAIJsonContext.Default.ModelCard)
                : new OpenAIFailure(
                    StatusCodes.Status404NotFound,
                    $"The model '{model}' does not exist or you do not have access to it.",
                    "invalid_request_error",
                    "model_not_found")
                { Param = "model" }.ToResult();
        })
            .WithName("OpenAIRetrieveModel")
            .WithSummary("One routable model by id, in OpenAI's model shape; 404 model_not_found for another id.")
            .WithTags("OpenAI")
            .Produces<ModelCard>(StatusCodes.Status200OK)
            .Produces<OpenAIErrorEnvelope>(StatusCodes.Status404NotFound);
    }

    private static async Task<List<ModelCard>> CardsAsync(CatalogService catalog, CancellationToken cancellationToken)
    {
        var all = await catalog.GetAllModelIdsAsync(cancellationToken).ConfigureAwait(false);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var cards = new List<ModelCard>();
        foreach (var (provider, models) in all)
        {
            foreach (var model in models)
            {
                if (seen.Add(model))
                {
                    // No creation date is known for an upstream's model; 0 keeps the field numeric as SDKs require.
                    cards.Add(new ModelCard(model, 0, provider));
                }
            }
        }

        return cards;
    }
}
