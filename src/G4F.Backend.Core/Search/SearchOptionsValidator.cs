using G4F.Backend.Configuration;
using Microsoft.Extensions.Options;

namespace G4F.Backend.Search;

/// <summary>
/// The checks of <c>G4F:Search</c>, run by the options validator. Whether <see cref="SearchOptions.Engine"/> names a
/// registered engine is only known once the engines exist (a host's may need the validated options), so an unknown
/// name fails each search with a clear message instead.
/// </summary>
internal sealed class SearchOptionsValidator : IValidateOptions<SearchOptions>
{
    public ValidateOptionsResult Validate(string? name, SearchOptions search)
    {
        var failures = new List<string>();

        if (string.IsNullOrWhiteSpace(search.Engine))
        {
            failures.Add("G4F:Search:Engine must name a search engine such as DuckDuckGo or SearXNG.");
        }

        if (!OptionLimits.IsHttpUrl(search.DuckDuckGoUrl))
        {
            failures.Add($"G4F:Search:DuckDuckGoUrl must be an absolute http or https URL, not '{search.DuckDuckGoUrl}'.");
        }

        if (!string.IsNullOrWhiteSpace(search.SearxngUrl) && !OptionLimits.IsHttpUrl(search.SearxngUrl))
        {
            failures.Add($"G4F:Search:SearxngUrl must be an absolute http or https URL, not '{search.SearxngUrl}'.");
        }
        else if (string.IsNullOrWhiteSpace(search.SearxngUrl) && string.Equals(search.Engine, SearxngSearch.EngineName, StringComparison.OrdinalIgnoreCase))
        {
            failures.Add("G4F:Search:SearxngUrl is required when G4F:Search:Engine is SearXNG.");
        }

        if (search.MaxResults is < 1 or > WebSearchLimits.MaxResults)
        {
            failures.Add($"G4F:Search:MaxResults must be between 1 and {WebSearchLimits.MaxResults}.");
        }

        if (search.MaxWords is < 1 or > WebSearchLimits.MaxWords)
        {
            failures.Add($"G4F:Search:MaxWords must be between 1 and {WebSearchLimits.MaxWords}.");
        }

        if (search.MaxResponseBytes <= 0)
        {
            failures.Add("G4F:Search:MaxResponseBytes must be positive.");
        }

        if (search.MaxPageBytes <= 0)
        {
            failures.Add("G4F:Search:MaxPageBytes must be positive.");
        }

        OptionLimits.CheckTimer(failures, "G4F:Search:PageTimeout", search.PageTimeout);
        OptionLimits.CheckTimer(failures, "G4F:Search:Timeout", search.Timeout);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
