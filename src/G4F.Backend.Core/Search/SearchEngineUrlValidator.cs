using Microsoft.Extensions.Options;

namespace G4F.Backend.Search;

/// <summary>
/// The rule of <c>G4F:Search</c> across two keys, which data annotations cannot state: the SearXNG engine needs its URL.
/// Whether <see cref="SearchOptions.Engine"/> names a registered engine is only known once the engines exist (a host's may
/// need the validated options), so an unknown name fails each search with a clear message instead.
/// </summary>
internal sealed class SearchEngineUrlValidator : IValidateOptions<SearchOptions>
{
    public ValidateOptionsResult Validate(string? name, SearchOptions options) =>
        string.IsNullOrWhiteSpace(options.SearxngUrl) && string.Equals(options.Engine, SearxngSearch.EngineName, StringComparison.OrdinalIgnoreCase)
            ? ValidateOptionsResult.Fail("G4F:Search:SearxngUrl is required when G4F:Search:Engine is SearXNG.")
            : ValidateOptionsResult.Success;
}
