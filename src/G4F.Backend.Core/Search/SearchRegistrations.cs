using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace G4F.Backend.Search;

/// <summary>The web search services of <c>AddG4FBackend</c>.</summary>
internal static class SearchRegistrations
{
    public static IServiceCollection AddSearch(this IServiceCollection services)
    {
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SearchOptions>, SearchEngineUrlValidator>());
        SearchHttp.AddClient(services);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IWebSearch, DuckDuckGoSearch>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IWebSearch, SearxngSearch>());
        services.TryAddSingleton<SearchCache>();
        services.TryAddSingleton<WebSearchService>();
        services.TryAddSingleton<ConversationSearch>();
        return services;
    }
}
