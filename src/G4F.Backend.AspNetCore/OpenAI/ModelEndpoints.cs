using G4F.Backend.Routing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace G4F.Backend.AspNetCore.OpenAI;

/// <summary><c>GET /models</c>: every model the router can reach, each once, owned by the first provider (routing order) serving it.</summary>
internal static class ModelEndpoints
{
    public static void Map(IEndpointRouteBuilder group)
    {
        group.MapGet("/models", async (CatalogService catalog, CancellationToken cancellationToken) =>
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

            return TypedResults.Json(new ModelList(cards), OpenAIJsonContext.Default.ModelList);
        })
            .WithName("OpenAIListModels")
            .WithSummary("Every routable model, in OpenAI's list shape.")
            .WithTags("OpenAI")
            // TypedResults.Json adds no response metadata: without this the document describes an empty 200.
            .Produces<ModelList>(StatusCodes.Status200OK);
    }
}
