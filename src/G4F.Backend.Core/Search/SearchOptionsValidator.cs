using Microsoft.Extensions.Options;

namespace G4F.Backend.Search;

/// <summary>
/// Checks <see cref="SearchOptions"/> at start (generated from its data annotations); the failure names the configuration
/// key. The rule across two keys is <see cref="SearchEngineUrlValidator"/>'s.
/// </summary>
[OptionsValidator]
internal sealed partial class SearchOptionsValidator : IValidateOptions<SearchOptions>;
