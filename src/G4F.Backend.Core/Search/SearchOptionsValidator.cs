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
    /// <summary>The longest delay a timer (CancelAfter) accepts: about 49.7 days.</summary>
    private static readonly TimeSpan MaxTimer = TimeSpan.Parse(OptionLimits.MaxTimer, System.Globalization.CultureInfo.InvariantCulture);

    public ValidateOptionsResult Validate(string? name, SearchOptions search)
    {
        var failures = new List<string>();

        if (string.IsNullOrWhiteSpace(search.Engine))
        {
            failures.Add("G4F:Search:Engine must name a search engine such as DuckDuckGo or SearXNG.");
        }

        if (!IsHttpUrl(search.DuckDuckGoUrl))
        {
            failures.Add($"G4F:Search:DuckDuckGoUrl must be an absolute http or https URL, not '{search.DuckDuckGoUrl}'.");
        }

        if (!string.IsNullOrWhiteSpace(search.SearxngUrl) && !IsHttpUrl(search.SearxngUrl))
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

        InRange(failures, "G4F:Search:PageTimeout", search.PageTimeout, MaxTimer);
        InRange(failures, "G4F:Search:Timeout", search.Timeout, MaxTimer);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void InRange(List<string> failures, string key, TimeSpan value, TimeSpan max)
    {
        if (value <= TimeSpan.Zero || value > max)
        {
            failures.Add($"{key} must be a positive time span of at most {max:d\\.hh\\:mm\\:ss}.");
        }
    }

    private static bool IsHttpUrl(string? value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps) && !string.IsNullOrEmpty(uri.Host);
}
